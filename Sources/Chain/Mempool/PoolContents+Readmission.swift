import Ledger
import Primitives

/// An item to pool again, keeping its place, with the crypto answers it is known to pass.
typealias Readmission = (prepared: PreparedItem, sequence: UInt64, known: [CryptoCheck: Bool])

extension PoolContents {
    /// Admits `items` in order, each keeping its sequence number; returns those that no
    /// longer apply, with why. An item already pooled is not among them: it stays.
    mutating func readmit(_ items: [Readmission], context: AdmissionContext) -> [(key: PoolKey, dropped: DroppedItem)] {
        var dropped: [(key: PoolKey, dropped: DroppedItem)] = []
        for (prepared, sequence, known) in items {
            do {
                _ = try admit(prepared, sequence: sequence, known: known, context: context)
            } catch .duplicate {
                continue
            } catch {
                dropped.append((prepared.key, DroppedItem(item: prepared.item, reason: error)))
            }
        }
        return dropped
    }

    /// The pool re-checked against a new chain state: everything but `removed`, re-admitted
    /// in arrival order, so a transaction whose parent is dropped is dropped after it.
    /// Returns the new pool and what no longer applies.
    func rechecked(without removed: Set<PoolKey>, context: AdmissionContext) -> (contents: PoolContents, dropped: [(key: PoolKey, dropped: DroppedItem)]) {
        var fresh = PoolContents(nextSequence: nextSequence)
        let survivors = orderedEntries.filter { !removed.contains($0.key) }
        let dropped = fresh.readmit(survivors.map { ($0.prepared, $0.sequence, $0.checks) }, context: context)
        return (fresh, dropped)
    }
}
