import Chain
import Crypto
import Primitives

/// The verified votes of one (round, phase) at the current height, with running tallies:
/// the stake behind each block and in all. A validator's first vote counts toward the total
/// (so "more than 2/3 voted anything" counts each validator once); a validator that signed
/// several blocks in one slot (an equivocation, kept as evidence) also counts toward each
/// other block it signed, up to `votesPerValidatorMax` votes, because a quorum for a block
/// is a quorum whoever else its signers signed. Without that, a proof-of-lock quorum that
/// contains a double voter's vote could never be counted by the validators that saw its
/// other vote first, and the locked value could never be decided.
struct VoteSet {
    enum Outcome {
        case added
        /// The validator already voted this very target.
        case duplicate
        /// The validator already voted another block in this slot (`first`); `counted`
        /// tells whether this vote still counts toward its own block.
        case conflict(first: Vote, counted: Bool)
    }

    /// Most votes one validator has counted in one slot (its first and its equivocations):
    /// bounds the set at `votesPerValidatorMax` × the set size.
    static let votesPerValidatorMax = 3

    /// The tallies, in one reference copied only when a shared set changes: the rules read
    /// the sets on every message, far more often than votes arrive, and a value of three
    /// dictionaries was copied field by field on every read.
    private final class Tally {
        var votes: [UInt16: Vote] = [:]
        var conflicting: [UInt16: [Vote]] = [:]
        var stakeByBlock: [Hash256?: UInt64] = [:]
        var totalStake: UInt64 = 0
        var leader: (blockID: Hash256?, stake: UInt64)?

        init() {}

        init(copying other: Tally) {
            votes = other.votes
            conflicting = other.conflicting
            stakeByBlock = other.stakeByBlock
            totalStake = other.totalStake
            leader = other.leader
        }
    }

    private var tally = Tally()

    /// Each validator's first vote.
    var votes: [UInt16: Vote] { tally.votes }
    /// Later votes of validators that signed another block in this slot, by validator.
    var conflicting: [UInt16: [Vote]] { tally.conflicting }
    /// Stake per block ID (nil: votes for no block), every counted vote.
    var stakeByBlock: [Hash256?: UInt64] { tally.stakeByBlock }
    /// Stake of the validators that voted (each once).
    var totalStake: UInt64 { tally.totalStake }
    /// The block with the most stake (ties: the first to get there) and its stake: kept as
    /// votes arrive, so a quorum check costs nothing.
    var leader: (blockID: Hash256?, stake: UInt64)? { tally.leader }

    /// Adds a vote already checked against the set (`stake` is its member's).
    mutating func add(_ vote: Vote, stake: UInt64) -> Outcome {
        if !isKnownUniquelyReferenced(&tally) { tally = Tally(copying: tally) }
        let tally = self.tally
        let index = vote.validatorIndex
        guard let existing = tally.votes[index] else {
            tally.votes[index] = vote
            tally.totalStake += stake
            count(vote.target.blockID, stake: stake, in: tally)
            return .added
        }
        if existing.target.blockID == vote.target.blockID { return .duplicate }
        var others = tally.conflicting[index, default: []]
        if others.contains(where: { $0.target.blockID == vote.target.blockID }) { return .duplicate }
        guard others.count + 1 < Self.votesPerValidatorMax else { return .conflict(first: existing, counted: false) }
        others.append(vote)
        tally.conflicting[index] = others
        count(vote.target.blockID, stake: stake, in: tally)
        return .conflict(first: existing, counted: true)
    }

    private func count(_ blockID: Hash256?, stake: UInt64, in tally: Tally) {
        let total = tally.stakeByBlock[blockID, default: 0] + stake
        tally.stakeByBlock[blockID] = total
        if total > tally.leader?.stake ?? 0 { tally.leader = (blockID, total) }
    }

    /// Whether this very vote is counted here (a replay costs a lookup).
    func contains(_ vote: Vote) -> Bool {
        votes[vote.validatorIndex] == vote || conflicting[vote.validatorIndex]?.contains(vote) == true
    }

    /// The block (or nil block, as `.some(nil)`) with at least `quorum` stake, if any. At
    /// most one block has a quorum unless more than a third equivocated; then the first.
    func value(withStake quorum: UInt64) -> Hash256?? {
        guard let leader, leader.stake >= quorum else { return nil }
        return .some(leader.blockID)
    }

    func stake(for blockID: Hash256?) -> UInt64 { stakeByBlock[blockID, default: 0] }

    /// The signatures for `blockID`, by validator index (for a certificate).
    func signatures(for blockID: Hash256?) -> [UInt16: Signature] {
        var result: [UInt16: Signature] = [:]
        for (index, vote) in votes where vote.target.blockID == blockID { result[index] = vote.signature }
        for (index, others) in conflicting {
            for vote in others where vote.target.blockID == blockID { result[index] = vote.signature }
        }
        return result
    }

    /// The distinct targets voted, in a fixed order (nil first, then by block ID bytes).
    var blockIDs: [Hash256?] {
        stakeByBlock.keys.sorted { lhs, rhs in
            switch (lhs, rhs) {
            case (nil, .some): true
            case (.some(let a), .some(let b)): a.bytes.lexicographicallyPrecedes(b.bytes)
            default: false
            }
        }
    }
}
