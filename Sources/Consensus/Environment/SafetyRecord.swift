import Chain
import Primitives

/// What a validator has signed and is locked on, synced before any vote or proposal that
/// depends on it leaves, so a restarted validator never signs a conflicting vote.
/// (The consensus engine owns the rules; this is the persisted shape.)
public struct SafetyRecord: Hashable, Sendable {
    public var height: UInt64
    public var round: UInt32
    /// The last phase signed at (height, round), with the block it named.
    public var lastSigned: VoteTarget?
    public var lockedRound: UInt32?
    public var lockedBlockID: Hash256?

    public init(height: UInt64, round: UInt32, lastSigned: VoteTarget?, lockedRound: UInt32?, lockedBlockID: Hash256?) {
        self.height = height
        self.round = round
        self.lastSigned = lastSigned
        self.lockedRound = lockedRound
        self.lockedBlockID = lockedBlockID
    }
}
