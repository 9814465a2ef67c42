/// What one committed block held; `logLine` is the node's one log line for it.
public struct BlockReport: Sendable, Equatable {
    public let height: UInt64
    public let transactions: Int
    public let cancels: Int
    public let fills: Int
    public let settlements: Int
    /// Candidates the builder left out (they stay in, or leave, the pool by its own rules).
    public let rejected: Int
    /// Time from taking candidates to the block being durable and applied.
    public let elapsedMs: Int
    /// Wall-clock time from the block's timestamp (when its proposer built it) to its commit
    /// here: on a validator the height's consensus time, on a follower that plus learning of
    /// the block; 0 when the clock is behind the timestamp.
    public let lagMs: UInt64

    public var logLine: String {
        "height=\(height) txs=\(transactions) cancels=\(cancels) fills=\(fills) settlements=\(settlements) ms=\(elapsedMs) lag_ms=\(lagMs)"
    }
}
