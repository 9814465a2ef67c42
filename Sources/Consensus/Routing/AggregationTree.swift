import Chain
import Crypto
import Primitives

/// The two-level tree votes of one round-0 phase travel in when the set is larger than
/// `flatValidatorsMax` (BBFT): k = ⌈√n⌉ aggregators, drawn by a Fisher–Yates shuffle driven
/// by H_aggregatorSeed(height, round, validator-set hash), so every node derives the same
/// tree and nobody can choose it. Member i belongs to group i mod k, whose aggregator is
/// `aggregators[i mod k]`; the root is the round's proposer.
///
/// Up: members send votes to their aggregator, aggregators send one `.aggregate` per target
/// to the root. Down: the root sends `.certificate`s to every aggregator (and, being one
/// itself when it is, to its own group), aggregators relay them to their group.
public struct AggregationTree: Hashable, Sendable {
    public let setSize: Int
    /// Aggregator of group g at index g.
    public let aggregators: [UInt16]
    public let root: UInt16

    /// The tree of (`height`, `round`) over `set`.
    public init(height: UInt64, round: UInt32, set: ValidatorSet, suite: any CryptoSuite) {
        let n = set.count
        var writer = ByteWriter(capacity: 44)
        writer.write(height)
        writer.write(round)
        writer.write(set.hash)
        let seed = suite.hash(.aggregatorSeed, writer.bytes)
        var order = (0..<n).map { UInt16($0) }
        // Fisher–Yates from the end; position i draws from H(seed ‖ i). The modulo bias of a
        // 64-bit draw over at most 128 slots is negligible and, above all, deterministic.
        var i = n - 1
        while i > 0 {
            var draw = ByteWriter(capacity: 40)
            draw.write(seed)
            draw.write(UInt32(i))
            let word = suite.hash(.aggregatorSeed, draw.bytes).bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let j = Int(word % UInt64(i + 1))
            order.swapAt(i, j)
            i -= 1
        }
        setSize = n
        aggregators = Array(order.prefix(Self.aggregatorCount(n)))
        root = set.proposer(height: height, round: round)
    }

    /// k = ⌈√n⌉.
    public static func aggregatorCount(_ n: Int) -> Int {
        var k = 0
        while k * k < n { k += 1 }
        return max(1, k)
    }

    public var groupCount: Int { aggregators.count }

    public func group(of member: UInt16) -> Int { Int(member) % aggregators.count }

    /// The aggregator member `member` sends its votes to.
    public func aggregator(of member: UInt16) -> UInt16 { aggregators[group(of: member)] }

    /// The members of group `group`, ascending.
    public func members(ofGroup group: Int) -> [UInt16] {
        stride(from: group, to: setSize, by: aggregators.count).map { UInt16($0) }
    }

    /// The groups `index` aggregates (an aggregator index appears once: the draw has no repeats).
    public func group(aggregatedBy index: UInt16) -> Int? { aggregators.firstIndex(of: index) }

    /// Where the root sends a certificate: every other aggregator, and its own group's
    /// members when it is an aggregator itself. Ascending, without the root.
    public var rootTargets: [UInt16] {
        var targets = Set(aggregators)
        if let own = group(aggregatedBy: root) { targets.formUnion(members(ofGroup: own)) }
        targets.remove(root)
        return targets.sorted()
    }

    /// Where aggregator `index` relays a certificate from the root: its group, without
    /// itself and the root. Ascending.
    public func relayTargets(of index: UInt16) -> [UInt16] {
        guard index != root, let group = group(aggregatedBy: index) else { return [] }
        return members(ofGroup: group).filter { $0 != index && $0 != root }
    }
}
