import Chain
import Ledger
import Primitives

/// Everything pooled, indexed for admission: entries by key in arrival order, which output
/// each pooled transaction spends and creates, and running counts. A value type guarded by
/// the mempool's lock; every change goes through `insert` and `remove`.
struct PoolContents: Sendable {
    private(set) var entries: [PoolKey: PoolEntry] = [:]
    private(set) var arrival = ArrivalQueue<PoolKey>()
    /// Output ID → the pooled transaction that spends it.
    private(set) var spentBy: [Hash256: Hash256] = [:]
    /// Outputs of pooled transactions, by output ID.
    private(set) var created: [Hash256: PooledOutput] = [:]
    /// What pooled outputs pay to each key (`Mempool+KeyTally.swift`).
    var keyTally = KeyTally()
    private(set) var transactionCount = 0
    private(set) var cancelCount = 0
    private(set) var byteCount = 0
    /// The sequence number the next new item gets; above every pooled or journaled one.
    private(set) var nextSequence: UInt64

    init(nextSequence: UInt64 = 0) {
        self.nextSequence = nextSequence
    }

    /// The pooled entries, oldest first (`arrival` queues exactly the keys of `entries`).
    var orderedEntries: [PoolEntry] { arrival.keys.map { entries[$0]! } }

    /// The view of unspent outputs over `base` with this pool's changes.
    func view(over base: UTXOSet) -> PoolView {
        PoolView(base: base, created: created, spentBy: spentBy)
    }

    /// The pooled outputs among `ids`, for checks made outside the lock.
    func pooledOutputs(_ ids: [Hash256]) -> [Hash256: PooledOutput] {
        var found: [Hash256: PooledOutput] = [:]
        for id in ids { if let output = created[id] { found[id] = output } }
        return found
    }

    mutating func insert(_ entry: PoolEntry) {
        precondition(entries[entry.key] == nil, "an item is pooled at most once")
        entries[entry.key] = entry
        arrival.append(entry.key)
        byteCount += entry.byteCount
        nextSequence = max(nextSequence, entry.sequence + 1)
        switch entry.item {
        case .transaction(let checked):
            tallyInserted(checked.transaction)
            transactionCount += 1
            for input in checked.transaction.inputs { spentBy[input.spentOutputID] = entry.key.id }
            for (id, output) in zip(entry.prepared.outputIDs, checked.transaction.outputs) {
                created[id] = PooledOutput(output: output, creator: entry.key.id)
            }
        case .cancel, .cancelAll, .deadManSwitch:
            cancelCount += 1
        }
        assertCounts()
    }

    /// Removes one item and its index entries. A removed transaction's pooled dependants
    /// are left dangling; callers remove them too (newest first) or rebuild.
    @discardableResult
    mutating func remove(_ key: PoolKey) -> PoolEntry? {
        guard let entry = entries.removeValue(forKey: key) else { return nil }
        arrival.remove(key)
        byteCount -= entry.byteCount
        switch entry.item {
        case .transaction(let checked):
            tallyRemoved(checked.transaction, outputIDs: entry.prepared.outputIDs)
            transactionCount -= 1
            for input in checked.transaction.inputs { spentBy[input.spentOutputID] = nil }
            for id in entry.prepared.outputIDs { created[id] = nil }
        case .cancel, .cancelAll, .deadManSwitch:
            cancelCount -= 1
        }
        assertCounts()
        return entry
    }

    private func assertCounts() {
        assert(transactionCount >= 0 && cancelCount >= 0 && byteCount >= 0)
        assert(transactionCount + cancelCount == entries.count && entries.count == arrival.count)
    }
}
