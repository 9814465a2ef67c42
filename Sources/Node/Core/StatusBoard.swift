import Chain
import Synchronization

/// The node's latest status, published by the block thread and read by the intake thread:
/// a status query is answered from here and never waits for, nor queues work on, the block
/// thread. The block thread publishes the whole status after each committed block (height,
/// tip, books from the exchange's per-market summaries) and the mempool counts after each
/// admission round; both are O(markets × price levels) at most, never a pass over the UTXO set.
final class StatusBoard: Sendable {
    private let latest: Mutex<NodeStatus>

    /// A board showing `status` until the first publication.
    init(_ status: NodeStatus) { latest = Mutex(status) }

    /// Replaces the status (on the block thread, after a block committed).
    func publish(_ status: NodeStatus) {
        latest.withLock { $0 = status }
    }

    /// Replaces the consensus part (on the block thread, between blocks).
    func publish(consensus: NodeStatus.Consensus) {
        latest.withLock { $0.consensus = consensus }
    }

    /// Replaces the mempool counts (on the block thread, after an admission round).
    func publish(mempool: NodeStatus.Pool?) {
        latest.withLock { $0.mempool = mempool }
    }

    /// The latest status with `traffic` added.
    func status(traffic: NodeStatus.Traffic?) -> NodeStatus {
        var status = latest.withLock { $0 }
        status.traffic = traffic
        return status
    }
}
