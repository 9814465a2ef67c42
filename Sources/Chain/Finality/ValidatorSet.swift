import Crypto
import Primitives

/// The validators that sign the blocks of one epoch, in index order, with their stakes.
/// Votes and certificate bitmaps name validators by index in this order; the header's
/// `validatorSetHash` commits to it.
///
/// Thresholds are by stake: a quorum is more than 2/3 of the total, and more than 1/3 is
/// enough to contain at least one honest validator when at most 1/3 is Byzantine.
public struct ValidatorSet: Hashable, Sendable, CanonicalCodable {
    /// Most validators a set may hold (bitmaps are at most 16 bytes).
    public static let membersMax = 128
    /// Most stake one member may carry, so that the total fits in 64 bits.
    public static let stakeMax = UInt64.max / UInt64(membersMax)
    /// Longest proposer schedule: a member's slots are its stake scaled to at most this many.
    static let slotsPerMemberMax: UInt64 = 64

    public struct Member: Hashable, Sendable {
        public let key: PublicKey
        public let stake: UInt64

        public init(key: PublicKey, stake: UInt64) {
            self.key = key
            self.stake = stake
        }
    }

    public let members: [Member]
    public let totalStake: UInt64
    /// The tagged hash of the canonical encoding.
    public let hash: Hash256
    /// Proposer order: member indices, each member appearing in proportion to its stake,
    /// spread out (smooth weighted round robin); height + round indexes it.
    let schedule: [UInt16]

    /// A set of `members` in this order. Refuses an empty set, more than `membersMax`, a
    /// repeated key, a zero stake or a stake above `stakeMax`.
    public init(members: [Member], suite: any CryptoSuite) throws(FinalityError) {
        guard !members.isEmpty, members.count <= Self.membersMax else { throw .invalidSet(reason: "1 to \(Self.membersMax) members, got \(members.count)") }
        guard Set(members.map(\.key)).count == members.count else { throw .invalidSet(reason: "a key appears twice") }
        guard members.allSatisfy({ $0.stake > 0 && $0.stake <= Self.stakeMax }) else {
            throw .invalidSet(reason: "every stake must be 1…\(Self.stakeMax)")
        }
        self.members = members
        totalStake = members.reduce(0) { $0 + $1.stake }
        var writer = ByteWriter()
        Self.encode(members, to: &writer)
        hash = suite.hash(.validatorSet, writer.bytes)
        schedule = Self.schedule(members)
    }

    /// Equal stake 1 for each key, in this order (a genesis set without stake).
    public init(keys: [PublicKey], suite: any CryptoSuite) throws(FinalityError) {
        try self.init(members: keys.map { Member(key: $0, stake: 1) }, suite: suite)
    }

    public var count: Int { members.count }
    public var keys: [PublicKey] { members.map(\.key) }

    /// Least stake that is more than 2/3 of the total.
    public var quorumStake: UInt64 { Self.quorumStake(total: totalStake) }
    /// Least stake that is more than 1/3 of the total.
    public var oneThirdStake: UInt64 { Self.oneThirdStake(total: totalStake) }

    /// Least s with 3s > 2 × total, without overflow: ⌊2 × total / 3⌋ + 1.
    static func quorumStake(total: UInt64) -> UInt64 { total / 3 * 2 + (total % 3) * 2 / 3 + 1 }
    /// Least s with 3s > total.
    static func oneThirdStake(total: UInt64) -> UInt64 { total / 3 + 1 }

    /// The index of `key`, if it is a member.
    public func index(of key: PublicKey) -> UInt16? {
        members.firstIndex { $0.key == key }.map { UInt16($0) }
    }

    /// The proposer of `round` at `height`: rotating with height and round, each member in
    /// proportion to its stake.
    public func proposer(height: UInt64, round: UInt32) -> UInt16 {
        let slot = (height &+ UInt64(round)) % UInt64(schedule.count)
        return schedule[Int(slot)]
    }

    /// Smooth weighted round robin over stakes scaled to 1…`slotsPerMemberMax` slots each:
    /// deterministic, integer-only, and no member waits long between its turns.
    private static func schedule(_ members: [Member]) -> [UInt16] {
        let largest = members.map(\.stake).max() ?? 1
        let weights: [Int64] = members.map { member in
            // stake × 64 / largest without overflow: both factors are at most stakeMax.
            let scaled = member.stake.multipliedFullWidth(by: slotsPerMemberMax)
            let (quotient, _) = largest.dividingFullWidth(scaled)
            return Int64(max(1, quotient))
        }
        let total = weights.reduce(0, +)
        var current = [Int64](repeating: 0, count: members.count)
        var order: [UInt16] = []
        order.reserveCapacity(Int(total))
        for _ in 0..<total {
            var best = 0
            for index in members.indices {
                current[index] += weights[index]
                if current[index] > current[best] { best = index }
            }
            current[best] -= total
            order.append(UInt16(best))
        }
        return order
    }

    private static func encode(_ members: [Member], to writer: inout ByteWriter) {
        writer.writeVarint(UInt64(members.count))
        for member in members {
            writer.write(member.key)
            writer.write(member.stake)
        }
    }

    public func encode(to writer: inout ByteWriter) { Self.encode(members, to: &writer) }

    /// Decoding needs a suite to hash; use `decode(_:suite:)`.
    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        throw .invalidValue(field: "validator_set", reason: "decode with ValidatorSet.decode(from:suite:)")
    }

    /// Reads a set written by `encode(to:)` and checks it as `init(members:suite:)` does.
    public static func decode(from reader: inout ByteReader, suite: any CryptoSuite) throws(PrimitivesError) -> ValidatorSet {
        let count = try reader.readCount(field: "validator_set.members", limit: membersMax)
        var members: [Member] = []
        for _ in 0..<count { members.append(Member(key: try PublicKey(from: &reader), stake: try reader.readUInt64())) }
        do { return try ValidatorSet(members: members, suite: suite) } catch {
            throw .invalidValue(field: "validator_set", reason: error.message)
        }
    }
}
