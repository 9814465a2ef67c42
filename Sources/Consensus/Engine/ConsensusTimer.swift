/// A deadline the engine set for itself at one height and round.
struct ConsensusTimer: Hashable, Comparable {
    enum Kind: Hashable, Comparable {
        /// The proposer's wait for the block interval after the last commit.
        case proposeNow
        case timeoutPropose
        case timeoutPrevote
        case timeoutPrecommit
        /// An aggregator's wait for the rest of its group.
        case aggregate(VotePhaseKey)
        /// A tree round's deadline for a quorum before voting flat.
        case fallback(VotePhaseKey)
        /// Still at this height a while after a peer moved on: sync from it.
        case syncHint
    }

    let deadlineMs: UInt64
    let height: UInt64
    let round: UInt32
    let kind: Kind

    /// Earliest first; ties in a fixed order so that firing is deterministic.
    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.deadlineMs, lhs.height, lhs.round) != (rhs.deadlineMs, rhs.height, rhs.round)
            ? (lhs.deadlineMs, lhs.height, lhs.round) < (rhs.deadlineMs, rhs.height, rhs.round) : lhs.kind < rhs.kind
    }
}

/// `VotePhase` as a timer key (raw values order it).
enum VotePhaseKey: UInt8, Hashable, Comparable {
    case prevote = 1, precommit

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
