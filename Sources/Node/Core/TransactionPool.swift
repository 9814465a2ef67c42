import Chain
import Ledger
import Primitives
import Storage

/// What the node needs from its mempool: the methods of `Chain.Mempool`, which conforms with
/// the same signatures. Implementations are internally synchronized and, when journaled,
/// durable before `submit` returns: the node acknowledges a request only after that.
public protocol TransactionPool: AnyObject, Sendable {
    /// Checks and admits transactions and cancels against `state` plus everything pooled,
    /// in order, durable (one journal write for the batch) before it returns; one result per
    /// item: the transaction's ID or the cancelled order's ID.
    func submit(_ items: [PoolItem], state: ChainState) -> [Result<Hash256, ChainError>]
    /// Verifies, ahead of `submit` and from any thread, what it can of the items'
    /// signatures, so their admission is quicker; changes no pooled state.
    func preverify(_ items: [PoolItem])
    /// What the next block should try, in arrival order.
    func candidates(maxTransactions: Int, maxCancels: Int) -> (transactions: [Transaction], cancels: [CancelRequest])
    /// The pooled cancel-alls and dead-man switches the next block should try, in arrival order.
    func massCandidates(
        maxCancelAlls: Int, maxDeadManSwitches: Int
    ) -> (cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch])
    /// Drops what a committed block included and what no longer applies after it; returns
    /// the latter, with why.
    func blockCommitted(_ outcome: BlockOutcome, state: ChainState) -> [DroppedItem]
    /// Re-admits journaled items after a restart; returns how many were kept.
    func reload(state: ChainState) -> Int
    var transactionCount: Int { get }
    var cancelCount: Int { get }
    var byteCount: Int { get }
}

extension TransactionPool {
    /// A pool that never holds cancel-alls or dead-man switches offers none.
    public func massCandidates(maxCancelAlls: Int, maxDeadManSwitches: Int) -> (
        cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch]
    ) {
        ([], [])
    }
}

/// Makes the node's pool for a chain, journaled in the node's own store.
public typealias TransactionPoolFactory =
    @Sendable (_ config: ChainConfig, _ journal: any KeyValueStore) throws(ChainError) -> any TransactionPool
