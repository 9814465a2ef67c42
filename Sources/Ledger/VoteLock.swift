import Crypto
import Primitives

/// Stake locked as a vote for a validator candidate. While `unlockRequestedAt` is nil the
/// stake counts as votes; the owner first spends it into the same lock with
/// `unlockRequestedAt` set (an unvote), and may withdraw only `unlockDelayBlocks` later.
public struct VoteLock: Hashable, Sendable {
    /// How far behind the including block an unvote's unlock height may be: a client names
    /// the height it last saw, and the unvote still lands if it waits up to this many blocks.
    public static let unvoteWindowBlocks: UInt64 = 64

    public let owner: PublicKey
    public let candidate: PublicKey
    public let unlockDelayBlocks: UInt64
    public let unlockRequestedAt: UInt64?

    public init(owner: PublicKey, candidate: PublicKey, unlockDelayBlocks: UInt64, unlockRequestedAt: UInt64? = nil) {
        self.owner = owner
        self.candidate = candidate
        self.unlockDelayBlocks = unlockDelayBlocks
        self.unlockRequestedAt = unlockRequestedAt
    }

    /// The same lock with an unlock requested at `height`.
    public func unlocking(at height: UInt64) -> VoteLock {
        VoteLock(owner: owner, candidate: candidate, unlockDelayBlocks: unlockDelayBlocks, unlockRequestedAt: height)
    }

    /// The first height at which the stake may be withdrawn, if an unlock was requested.
    public var withdrawableHeight: UInt64? {
        unlockRequestedAt.map { $0.addingReportingOverflow(unlockDelayBlocks).overflow ? .max : $0 + unlockDelayBlocks }
    }
}
