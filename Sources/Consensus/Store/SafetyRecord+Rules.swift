import Chain
import Primitives

extension SafetyRecord {
    /// What the record allows for a vote on `target`.
    public enum Permission: Hashable, Sendable {
        /// Nothing conflicting was signed: sign it.
        case sign
        /// This exact target was signed already: send that vote again, do not sign anew.
        case resend(Vote)
        /// Signing would equivocate (same slot, other block) or go back to an earlier slot.
        case refuse
    }

    /// Whether `target` may be signed given everything signed so far. Slots are ordered by
    /// (height, round, phase); a validator only ever moves forward through them and signs at
    /// most one block per slot.
    public func permission(for target: VoteTarget) -> Permission {
        if target.height != height { return target.height > height ? .sign : .refuse }
        if target.round != round { return target.round > round ? .sign : .refuse }
        switch target.phase {
        case .prevote:
            if precommit != nil { return .refuse }
            guard let prevote else { return .sign }
            return prevote.target == target ? .resend(prevote) : .refuse
        case .precommit:
            guard let precommit else { return .sign }
            return precommit.target == target ? .resend(precommit) : .refuse
        }
    }

    /// Whether a proposal of `blockID` at (`height`, `round`) may be signed: not after a
    /// later slot was signed, and not a second, different block in one round.
    public func permitsProposal(height: UInt64, round: UInt32, blockID: Hash256) -> Bool {
        if height != self.height { return height > self.height }
        if round != self.round { return round > self.round }
        guard prevote == nil, precommit == nil else { return proposedBlockID == blockID }
        return proposedBlockID == nil || proposedBlockID == blockID
    }

    /// Moves the record to (`height`, `round`), forgetting what was signed in earlier rounds
    /// (the lock stays within a height and goes at the next).
    mutating func advance(height: UInt64, round: UInt32) {
        guard (height, round) > (self.height, self.round) else { return }
        if height > self.height {
            lockedRound = nil
            lockedBlockID = nil
        }
        self.height = height
        self.round = round
        prevote = nil
        precommit = nil
        proposedBlockID = nil
    }

    /// Records a signed vote (after `permission(for:)` said `.sign`).
    mutating func record(_ vote: Vote) {
        advance(height: vote.target.height, round: vote.target.round)
        switch vote.target.phase {
        case .prevote: prevote = vote
        case .precommit: precommit = vote
        }
        lastSigned = vote.target
    }

    /// Records a signed proposal.
    mutating func recordProposal(height: UInt64, round: UInt32, blockID: Hash256) {
        advance(height: height, round: round)
        proposedBlockID = blockID
    }
}
