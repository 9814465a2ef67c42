import Chain
import Ledger
import Primitives

/// What the pool made of one item: its ID (transaction ID, or the cancelled order's ID)
/// once journaled, or the refusal.
public typealias PoolResult = Result<Hash256, Rejection>

/// Work the gateway hands to the node's block thread, which owns the pool: the items are
/// admitted in order through the same path as the raw intake, then `finish` is called on
/// the block thread with one result per item and the chain state they were judged against.
/// `finish` must not block: it only queues the gateway's answer.
public struct PoolJob: Sendable {
    /// Admitted in this order.
    public let items: [PoolItem]
    /// Called once, on the block thread, after the pool journaled what it admitted.
    public let finish: @Sendable (_ results: [PoolResult], _ state: ChainState) -> Void

    /// A job of `items`, answered through `finish`.
    public init(items: [PoolItem], finish: @escaping @Sendable ([PoolResult], ChainState) -> Void) {
        self.items = items
        self.finish = finish
    }
}

/// Offers a job to the node's bounded queue; false when the queue is full or closed.
public typealias PoolJobSubmitter = @Sendable (PoolJob) -> Bool
