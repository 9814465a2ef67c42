import Chain
import Crypto
import Primitives

/// The verified votes of one (round, phase) at the current height, at most one per
/// validator (so never more than the set size), with the stake behind each block.
struct VoteSet {
    enum Outcome {
        case added
        /// The validator already voted this very target.
        case duplicate
        /// The validator already voted another block in this slot: the first vote stays.
        case conflict(Vote)
    }

    private(set) var votes: [UInt16: Vote] = [:]
    /// Stake per block ID (nil: votes for no block).
    private(set) var stakeByBlock: [Hash256?: UInt64] = [:]
    private(set) var totalStake: UInt64 = 0

    /// Adds a vote already checked against the set (`stake` is its member's).
    mutating func add(_ vote: Vote, stake: UInt64) -> Outcome {
        if let existing = votes[vote.validatorIndex] {
            return existing.target.blockID == vote.target.blockID ? .duplicate : .conflict(existing)
        }
        votes[vote.validatorIndex] = vote
        stakeByBlock[vote.target.blockID, default: 0] += stake
        totalStake += stake
        return .added
    }

    /// The block (or nil block, as `.some(nil)`) with at least `quorum` stake, if any.
    func value(withStake quorum: UInt64) -> Hash256?? {
        for (blockID, stake) in stakeByBlock where stake >= quorum { return .some(blockID) }
        return nil
    }

    func stake(for blockID: Hash256?) -> UInt64 { stakeByBlock[blockID, default: 0] }

    /// The signatures for `blockID`, by validator index (for a certificate).
    func signatures(for blockID: Hash256?) -> [UInt16: Signature] {
        var result: [UInt16: Signature] = [:]
        for (index, vote) in votes where vote.target.blockID == blockID { result[index] = vote.signature }
        return result
    }

    /// The distinct targets voted, in a fixed order (nil first, then by block ID bytes).
    var blockIDs: [Hash256?] {
        stakeByBlock.keys.sorted { lhs, rhs in
            switch (lhs, rhs) {
            case (nil, .some): true
            case let (.some(a), .some(b)): a.bytes.lexicographicallyPrecedes(b.bytes)
            default: false
            }
        }
    }
}

/// A (round, phase) of the current height: the key of vote sets and per-phase bookkeeping.
struct RoundPhase: Hashable, Comparable {
    let round: UInt32
    let phase: VotePhase

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.round, lhs.phase.rawValue) < (rhs.round, rhs.phase.rawValue) }
}
