/// Why the engine dropped a message. Each drop is counted under exactly one reason and
/// leaves the engine's state as it was.
public enum ConsensusDropReason: String, Hashable, Sendable, CaseIterable, Comparable {
    /// For another chain.
    case wrongChain = "wrong_chain"
    /// For a height this node already committed (answered with blocks where possible).
    case staleHeight = "stale_height"
    /// For a height beyond the next, or the next when its buffer is full.
    case futureHeight = "future_height"
    /// For a round more than `roundsAheadMax` ahead.
    case roundTooFar = "round_too_far"
    /// A vote or certificate signature that does not verify.
    case badSignature = "bad_signature"
    /// A validator index outside the set, or a key that is not a validator.
    case unknownValidator = "unknown_validator"
    /// A certificate of the wrong version, bitmap size or signature count, or empty.
    case malformedCertificate = "malformed_certificate"
    /// A proposal from anyone but the round's proposer.
    case notProposer = "not_proposer"
    case badProposalSignature = "bad_proposal_signature"
    /// A proposal whose block or header does not fit the proposal (height, chain, valid round).
    case malformedProposal = "malformed_proposal"
    /// A proposal whose block does not re-execute to what it claims.
    case invalidBlock = "invalid_block"
    /// A second, different proposal for a round (or more than the round's checks allow).
    case conflictingProposal = "conflicting_proposal"
    /// A vote, certificate, proposal or evidence already counted.
    case duplicate
    /// A second vote by a validator for a slot it already voted in (kept as evidence).
    case equivocation
    /// An aggregate sent to a node that is not the round's root.
    case notRoot = "not_root"
    case invalidEvidence = "invalid_evidence"
    /// Pending evidence is at its limit.
    case evidenceFull = "evidence_full"
    /// A block request asked too often, for nothing this node has, or for zero blocks.
    case rateLimited = "rate_limited"
    case nothingToServe = "nothing_to_serve"
    /// Blocks nobody asked for, or that do not continue this node's chain.
    case unexpectedBlocks = "unexpected_blocks"
    /// A served block whose certificate or re-execution fails.
    case badCommittedBlock = "bad_committed_block"
    /// A status from a peer beyond `peersTrackedMax`.
    case tooManyPeers = "too_many_peers"
    /// A message kind the engine does not handle (`.forward` is the driver's).
    case notConsensus = "not_consensus"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

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
