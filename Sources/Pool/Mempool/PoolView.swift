import Chain
import Ledger
import Primitives

/// The unspent outputs as the mempool sees them: the chain's, plus those pooled
/// transactions create, minus those pooled transactions spend. A pooled output is its own
/// order (only settlements make remainders, and they are never pooled).
struct PoolView: UTXOView, Sendable {
    let base: UTXOSet
    let created: [Hash256: PooledOutput]
    /// Output ID → the pooled transaction spending it.
    let spentBy: [Hash256: Hash256]

    func unspentOutput(_ id: Hash256) -> Output? {
        guard spentBy[id] == nil else { return nil }
        return created[id]?.output ?? base.unspentOutput(id)
    }

    func orderID(ofOutput id: Hash256) -> Hash256? {
        created[id] == nil ? base.orderID(ofOutput: id) : nil
    }
}
