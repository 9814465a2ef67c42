import Chain
import Ledger
import Node
import Primitives

/// A pool that runs a hook before each `preverify` and `submit` and then forwards everything
/// to a real pool: a test holds a call at a gate, or records what reached the pool and when.
final class HookedPool: TransactionPool {
    let inner: any TransactionPool
    let beforePreverify: @Sendable ([PoolItem]) -> Void
    let beforeSubmit: @Sendable ([PoolItem]) -> Void

    init(
        _ inner: any TransactionPool, beforePreverify: @escaping @Sendable ([PoolItem]) -> Void = { _ in },
        beforeSubmit: @escaping @Sendable ([PoolItem]) -> Void = { _ in }
    ) {
        self.inner = inner
        self.beforePreverify = beforePreverify
        self.beforeSubmit = beforeSubmit
    }

    func submit(_ items: [PoolItem], state: ChainState) -> [Result<Hash256, ChainError>] {
        beforeSubmit(items)
        return inner.submit(items, state: state)
    }

    func preverify(_ items: [PoolItem]) {
        beforePreverify(items)
        inner.preverify(items)
    }

    func candidates(maxTransactions: Int, maxCancels: Int) -> (transactions: [Transaction], cancels: [CancelRequest]) {
        inner.candidates(maxTransactions: maxTransactions, maxCancels: maxCancels)
    }

    func blockCommitted(_ outcome: BlockOutcome, state: ChainState) -> [DroppedItem] { inner.blockCommitted(outcome, state: state) }
    func reload(state: ChainState) -> Int { inner.reload(state: state) }
    var transactionCount: Int { inner.transactionCount }
    var cancelCount: Int { inner.cancelCount }
    var byteCount: Int { inner.byteCount }
}
