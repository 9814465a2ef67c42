/// What the engine did, for `lodestone status`, the simulator's checks and tests.
public struct ConsensusCounters: Hashable, Sendable {
    /// Messages received and sent, by kind.
    public var received: [ConsensusMessage.Kind: UInt64] = [:]
    public var sent: [ConsensusMessage.Kind: UInt64] = [:]
    /// Messages dropped, by reason.
    public var dropped: [ConsensusDropReason: UInt64] = [:]
    /// Blocks committed (by consensus and by sync).
    public var commits: UInt64 = 0
    /// Rounds entered after round 0 (by timeout or by the f+1 skip).
    public var roundChanges: UInt64 = 0
    /// Times this validator sent its vote flat because the tree gave no quorum in time.
    public var flatFallbacks: UInt64 = 0
    /// Equivocations this node detected (each evidence broadcast once).
    public var evidence: UInt64 = 0
    /// Evidence received from peers and kept.
    public var evidenceReceived: UInt64 = 0
    /// Votes this validator refused to sign because its safety record conflicts.
    public var wouldEquivocate: UInt64 = 0
    /// Timeouts that fired (propose, prevote, precommit).
    public var timeouts: UInt64 = 0
    public var syncRequests: UInt64 = 0
    /// Blocks committed from `.blocks` answers.
    public var syncBlocksCommitted: UInt64 = 0
    /// Blocks served to peers.
    public var syncBlocksServed: UInt64 = 0
    /// Safety-record saves that failed (the vote or proposal was not sent).
    public var safetyStoreFailures: UInt64 = 0
    /// `proposeBlock` or `commit` failures in the application.
    public var proposeFailures: UInt64 = 0
    public var commitFailures: UInt64 = 0

    public init() {}

    public func dropped(_ reason: ConsensusDropReason) -> UInt64 { dropped[reason, default: 0] }
    public var droppedTotal: UInt64 { dropped.values.reduce(0, +) }
    public var sentTotal: UInt64 { sent.values.reduce(0, +) }
}
