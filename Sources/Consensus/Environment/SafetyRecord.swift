import Chain
import Primitives

/// What a validator has signed and is locked on, synced before any vote or proposal that
/// depends on it leaves, so a restarted validator never signs a conflicting vote.
/// (The consensus engine owns the rules, `SafetyRecord+Rules`; this is the persisted shape.)
///
/// Everything here is about one slot range: `height` and `round` are the latest ones the
/// validator signed anything in; `prevote`, `precommit` and the proposal are those signed
/// in exactly that round (a later round starts them afresh).
public struct SafetyRecord: Hashable, Sendable {
    public var height: UInt64
    public var round: UInt32
    /// The last target signed, whatever its phase.
    public var lastSigned: VoteTarget?
    public var lockedRound: UInt32?
    public var lockedBlockID: Hash256?
    /// The prevote signed at (`height`, `round`), kept whole so a restart resends it as is.
    public var prevote: Vote?
    /// The precommit signed at (`height`, `round`).
    public var precommit: Vote?
    /// The block proposed at (`height`, `round`), if this validator proposed there.
    public var proposedBlockID: Hash256?

    public init(
        height: UInt64, round: UInt32, lastSigned: VoteTarget?, lockedRound: UInt32?, lockedBlockID: Hash256?,
        prevote: Vote? = nil, precommit: Vote? = nil, proposedBlockID: Hash256? = nil
    ) {
        self.height = height
        self.round = round
        self.lastSigned = lastSigned
        self.lockedRound = lockedRound
        self.lockedBlockID = lockedBlockID
        self.prevote = prevote
        self.precommit = precommit
        self.proposedBlockID = proposedBlockID
    }
}
