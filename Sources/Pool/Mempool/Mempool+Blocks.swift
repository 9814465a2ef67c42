import Chain
import Crypto
import Ledger
import Primitives

extension Mempool {
    /// After a block commits: drops what it included, and what no longer applies against
    /// `state` (inputs the block spent, orders it filled or cancelled, orders expiring,
    /// dependants of anything dropped), re-checking the rest in arrival order. Pooled items'
    /// checks are pinned in the signature memo, so this verifies no signature again. Returns the dropped
    /// items with why, in arrival order, so their senders can be told.
    @discardableResult
    public func blockCommitted(_ outcome: BlockOutcome, state: ChainState) -> [DroppedItem] {
        let included =
            outcome.transactionIDs.map(PoolKey.transaction)
            + outcome.cancels.map { PoolKey.cancel(orderID: $0.orderID) }
            + outcome.cancelAlls.map { PoolItem.cancelAll($0).key(suite: config.suite) }
            + outcome.deadManSwitches.map { PoolItem.deadManSwitch($0).key(suite: config.suite) }
        let context = AdmissionContext(config: config, limits: limits, state: state, memo: signatureMemo, suite: suite)
        return guarded.withLock { guarded in
            let removed = included.filter { guarded.contents.entries[$0] != nil }
            let (contents, dropped) = guarded.contents.rechecked(without: Set(removed), context: context)
            signatureMemo.repin(from: guarded.contents, to: contents)
            guarded.contents = contents
            guarded.height = max(guarded.height, state.height)
            forget(removed + dropped.map(\.key))
            return dropped.map(\.dropped)
        }
    }

    /// Re-admits, in their original order, the items a previous run journaled, dropping
    /// (and forgetting) those that no longer apply against `state`; returns how many were
    /// re-admitted. Call once after `init`, before submitting; later calls find nothing.
    public func reload(state: ChainState) -> Int {
        let records = guarded.withLock { guarded in
            // The pool now stands at `state` even with nothing to re-admit (balances queries
            // compare this height with the coin index's).
            guarded.height = max(guarded.height, state.height)
            defer { guarded.recovered = [] }
            return guarded.recovered
        }
        guard !records.isEmpty else { return 0 }
        let context = AdmissionContext(config: config, limits: limits, state: state, memo: signatureMemo, suite: suite)
        let prepared = PreparedItem.all(records.map(\.item), suite: config.suite)
        let refuted = precheck(prepared, context: context)
        return guarded.withLock { guarded in
            guarded.height = max(guarded.height, state.height)
            let before = guarded.contents
            let readmissions = records.indices.map { (prepared[$0], records[$0].sequence) }
            forget(guarded.contents.readmit(readmissions, refuted: refuted, context: context).map(\.key))
            signatureMemo.repin(from: before, to: guarded.contents)
            return guarded.contents.entries.count - before.entries.count
        }
    }

    /// Removes journal entries. A failure is left alone: the entries only make a later
    /// reload re-check items that no longer apply, which it drops.
    private func forget(_ keys: [PoolKey]) {
        try? journal?.forget(keys)
    }
}
