import Chain
import Ledger
import Primitives

/// An item to pool again, keeping its place.
typealias Readmission = (prepared: PreparedItem, sequence: UInt64)

extension PoolContents {
    /// Admits `items` in order, each keeping its sequence number; returns those that no
    /// longer apply, with why. An item already pooled is not among them: it stays.
    /// `refuted` holds the checks a precheck of `items` found failing.
    mutating func readmit(
        _ items: [Readmission], refuted: Set<CryptoCheck> = [], context: AdmissionContext
    ) -> [(key: PoolKey, dropped: DroppedItem)] {
        var dropped: [(key: PoolKey, dropped: DroppedItem)] = []
        for (prepared, sequence) in items {
            do {
                _ = try admit(prepared, sequence: sequence, refuted: refuted, context: context)
            } catch .duplicate {
                continue
            } catch {
                dropped.append((prepared.key, DroppedItem(item: prepared.item, reason: error)))
            }
        }
        return dropped
    }

    /// The pool re-checked against a new chain state: everything but `removed`, in arrival
    /// order, each keeping its sequence, so a transaction whose parent is dropped is dropped
    /// after it. Returns the new pool and what no longer applies.
    ///
    /// Only an item whose validity the block can have changed is admitted again in full:
    /// a cancel, a transaction with height-dependent rules (an order with an expiry, a
    /// vote-lock clause), or one naming an input that is no longer unspent (the block spent
    /// it, or its pooled parent was dropped). Output IDs are bound to their content, so any
    /// other transaction reads exactly the outputs it was admitted against and is kept
    /// without validating it again: a block costs a lookup per pooled input, not a
    /// validation per pooled transaction. What is admitted again finds its checks pinned in
    /// the context's memo, so it verifies no signature either.
    func rechecked(without removed: Set<PoolKey>, context: AdmissionContext) -> (
        contents: PoolContents, dropped: [(key: PoolKey, dropped: DroppedItem)]
    ) {
        var fresh = PoolContents(nextSequence: nextSequence)
        var dropped: [(key: PoolKey, dropped: DroppedItem)] = []
        for entry in orderedEntries where !removed.contains(entry.key) {
            if fresh.isUnaffected(entry, utxos: context.state.utxos) {
                fresh.insert(entry)
                continue
            }
            dropped += fresh.readmit([(entry.prepared, entry.sequence)], context: context)
        }
        return (fresh, dropped)
    }

    /// Whether `entry` is a transaction that reads only outputs still unspent (in `utxos` or
    /// created by what is pooled so far) and follows no height-dependent rule.
    func isUnaffected(_ entry: PoolEntry, utxos: UTXOSet) -> Bool {
        guard case .transaction(let checked) = entry.item else { return false }
        let transaction = checked.transaction
        for input in transaction.inputs {
            switch input.witness {
            case .unvote, .withdrawVote: return false
            default: break
            }
            guard created[input.spentOutputID] != nil || utxos.unspentOutput(input.spentOutputID) != nil else { return false }
        }
        return !transaction.outputs.contains { $0.program.magneticOrder?.expiryHeight != nil }
    }
}
