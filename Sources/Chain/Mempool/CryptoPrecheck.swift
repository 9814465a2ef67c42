import Crypto
import Ledger
import Primitives

/// Makes, before the pool's lock is taken and on all cores, the key and signature checks
/// that admitting items will make, by running the same validation against a view that
/// holds every output the items may spend: the chain's, the pooled ones they name, and
/// their own (so a chain of transactions in one batch is checked at once). Only answers
/// come out of here; admission decides, so results never depend on this step.
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
            guard case .transaction(let transaction) = prepared.item else { continue }
            for (id, output) in zip(prepared.outputIDs, transaction.outputs) {
                outputs[id] = PooledOutput(output: output, creator: prepared.key.id)
            }
        }
        view = PoolView(base: context.state.utxos, created: outputs, spentBy: [:])
    }

    /// The answers for every item, in item order.
    func answers(for items: [PreparedItem]) -> [[CryptoCheck: Bool]] {
        items.concurrentMap(chunkSize: Self.chunkSize) { answers(for: $0.item) }
    }

    private func answers(for item: PoolItem) -> [CryptoCheck: Bool] {
        let recorder = CryptoCheckRecorder()
        switch item {
        case .transaction(let transaction):
            // Entry rules are cheap; a transaction breaking them is refused before signatures.
            guard (try? context.rules.check(transaction, view: view)) != nil else { return [:] }
            _ = try? context.validator(known: [:], recorder: recorder).validate(transaction, view: view)
        case .cancel(let cancel):
            guard let order = context.cancellableOrder(cancel.orderID, view: view) else { return [:] }
            let suite = context.suite(known: [:], recorder: recorder)
            _ = cancel.isSigned(by: order.contract.sellerKey, chainID: context.config.chainID, suite: suite)
        case .cancelAll, .deadManSwitch:
            break  // few; admission verifies them
        }
        return recorder.answers
    }
}
