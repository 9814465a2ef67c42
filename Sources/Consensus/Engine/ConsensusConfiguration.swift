/// Timeouts, intervals and limits of the consensus engine. Every queue, map and buffer the
/// engine keeps has its bound here.
public struct ConsensusConfiguration: Sendable, Hashable {
    /// Largest validator set that votes all-to-all in round 0; larger sets use the
    /// aggregation tree in round 0 (every later round is flat).
    public var flatValidatorsMax = 8
    /// How long a validator waits for the round's proposal (round 0 adds `blockIntervalMs`).
    public var proposeTimeoutMs: UInt64 = 1_000
    /// How long after seeing more than 2/3 prevotes (for anything) it waits for a quorum on one value.
    public var prevoteTimeoutMs: UInt64 = 500
    /// How long after seeing more than 2/3 precommits (for anything) it waits before the next round.
    public var precommitTimeoutMs: UInt64 = 500
    /// Added to each timeout once per round, so that rounds outgrow any finite delay.
    public var timeoutDeltaMsPerRound: UInt64 = 500
    /// Least time between a block's proposal (its timestamp) and the next height's proposal,
    /// and never before the previous block is committed here (the chain's block interval).
    public var blockIntervalMs: UInt64 = 100
    /// Period of `PeerStatus` and of retransmitting own votes when a height stalls.
    public var statusIntervalMs: UInt64 = 1_000
    /// Peers each status interval goes to (a rotation), so status costs n × fanout messages
    /// an interval rather than n²; every peer when there are no more than this.
    public var statusFanout = 3
    /// Intervals without a commit after which status goes to every peer (a stalled height).
    public var statusStallIntervals = 2
    /// How long an aggregator waits for the rest of its group before sending what it has up.
    public var aggregateWaitMs: UInt64 = 50
    /// How long a validator in a tree round waits for a quorum of its phase before sending
    /// its vote flat to everyone.
    public var treeFallbackMs: UInt64 = 250
    /// Highest round ahead of the current one whose messages are kept (others are dropped).
    public var roundsAheadMax: UInt32 = 4
    /// Most rounds of one height whose votes are kept (the oldest unneeded go first).
    public var roundsKeptMax = 32
    /// Most messages for the next height kept until this node gets there.
    public var futureMessagesMax = 4 * 128 + 32
    /// Most proposals (full blocks) among them.
    public var futureProposalsMax = 2
    /// Most pending evidence kept for proposals, and how many heights one is kept.
    public var evidencePendingMax = 64
    public var evidenceHeightsMax: UInt64 = 100
    /// Most proposals verified (re-executed) per round: a proposer equivocating with many
    /// blocks costs at most this many executions.
    public var proposalChecksPerRoundMax = 2
    /// Blocks asked for per sync request (at most `ConsensusMessage.blocksPerMessageMax`).
    public var syncBlocksPerRequest = 16
    /// A sync request without an answer for this long is given up (and may go to another peer).
    public var syncRequestTimeoutMs: UInt64 = 2_000
    /// Least time between two block answers to one peer (serving is rate-limited per peer).
    public var syncServeIntervalMs: UInt64 = 50
    /// Most peers whose status and serving state are tracked.
    public var peersTrackedMax = 512

    public init() {}

    /// The propose timeout of `round`: base + round × delta.
    public func proposeTimeout(round: UInt32) -> UInt64 { Self.grow(proposeTimeoutMs, round: round, delta: timeoutDeltaMsPerRound) }
    public func prevoteTimeout(round: UInt32) -> UInt64 { Self.grow(prevoteTimeoutMs, round: round, delta: timeoutDeltaMsPerRound) }
    public func precommitTimeout(round: UInt32) -> UInt64 { Self.grow(precommitTimeoutMs, round: round, delta: timeoutDeltaMsPerRound) }

    private static func grow(_ base: UInt64, round: UInt32, delta: UInt64) -> UInt64 {
        let (extra, overflow) = UInt64(round).multipliedReportingOverflow(by: delta)
        return overflow ? UInt64.max / 2 : min(UInt64.max / 2, base &+ extra)
    }

    /// Checks that every value is usable; the engine refuses a configuration that is not.
    public func validate() throws(ConsensusError) {
        func require(_ condition: Bool, _ reason: String) throws(ConsensusError) {
            if !condition { throw .configuration(reason: reason) }
        }
        try require(flatValidatorsMax >= 1, "flatValidatorsMax must be at least 1")
        try require(proposeTimeoutMs > 0 && prevoteTimeoutMs > 0 && precommitTimeoutMs > 0, "timeouts must be positive")
        try require(statusIntervalMs > 0, "statusIntervalMs must be positive")
        try require(statusFanout >= 1, "statusFanout must be at least 1")
        try require(statusStallIntervals >= 1, "statusStallIntervals must be at least 1")
        try require(roundsKeptMax >= 2, "roundsKeptMax must be at least 2")
        try require(futureMessagesMax >= 0 && futureProposalsMax >= 0, "buffer limits must not be negative")
        try require(evidencePendingMax >= 1, "evidencePendingMax must be at least 1")
        try require(proposalChecksPerRoundMax >= 1, "proposalChecksPerRoundMax must be at least 1")
        try require(
            (1...ConsensusMessage.blocksPerMessageMax).contains(syncBlocksPerRequest),
            "syncBlocksPerRequest must be 1…\(ConsensusMessage.blocksPerMessageMax)")
        try require(peersTrackedMax >= 1, "peersTrackedMax must be at least 1")
    }
}
