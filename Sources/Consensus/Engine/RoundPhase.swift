import Chain

/// A (round, phase) of the current height: the key of vote sets and per-phase bookkeeping.
struct RoundPhase: Hashable, Comparable {
    let round: UInt32
    let phase: VotePhase

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.round, lhs.phase.rawValue) < (rhs.round, rhs.phase.rawValue) }
}
