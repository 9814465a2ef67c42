import Chain
import Crypto
import Ledger
import Primitives

/// Makes, before the pool's lock is taken and on all cores, the key and signature checks
/// that admitting items will make, by running the same validation against a view that
/// holds every output the items may spend: the chain's, the pooled ones they name, and
/// their own (so a chain of transactions in one batch is checked at once). Only verdicts
/// come out of here (passes into the pool's memo, failures to the caller for this batch);
/// admission decides, so results never depend on this step.
struct CryptoPrecheck: Sendable {
    let context: AdmissionContext
    let view: PoolView

    /// Transactions and cancels per parallel chunk: tens of signatures, enough to amortize
    /// handing a chunk to a thread.
    static let chunkSize = 16

    init(context: AdmissionContext, items: [PreparedItem], pooled: [Hash256: PooledOutput]) {
        self.context = context
        var outputs = pooled
        for prepared in items {
            guard case .transaction(let checked) = prepared.item else { continue }
            for (id, output) in zip(prepared.outputIDs, checked.transaction.outputs) {
                outputs[id] = PooledOutput(output: output, creator: prepared.key.id)
            }
        }
        view = PoolView(base: context.state.utxos, created: outputs, spentBy: [:])
    }

    /// Verifies what admitting `items` will check: the passing checks go into the context's
    /// memo; the failing ones are returned, for admitting this batch only.
    func refutedChecks(for items: [PreparedItem]) -> Set<CryptoCheck> {
        let failed = items.concurrentMap(chunkSize: Self.chunkSize) { prepared in
            let recorder = CryptoCheckRecorder()
            check(prepared.item, recorder: recorder)
            context.memo.remember(recorder.verifiedPasses)
            return recorder.failed
        }
        return Set(failed.joined())
    }

    private func check(_ item: PoolItem, recorder: CryptoCheckRecorder) {
        switch item {
        case .transaction(let checked):
            // Entry rules are cheap; a transaction breaking them is refused before signatures.
            guard (try? context.rules.checkPooled(checked, view: view)) != nil else { return }
            _ = try? context.validator(refuted: [], recorder: recorder).validate(checked.transaction, view: view, transactionID: checked.id)
        case .cancel(let cancel):
            guard let order = context.cancellableOrder(cancel.orderID, view: view) else { return }
            let suite = context.suite(refuted: [], recorder: recorder)
            _ = cancel.isSigned(by: order.contract.sellerKey, chainID: context.config.chainID, suite: suite)
        case .cancelAll, .deadManSwitch:
            break  // few; admission verifies them
        }
    }
}
