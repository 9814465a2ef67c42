import Chain
import Crypto

/// The messages one height costs when everything goes right (round 0, no loss, one target
/// per phase), as the engine sends them: a pure function of the set, for tests and the
/// simulator's figures. Tree: about 2n + 2k per phase; flat: n(n − 1) per phase.
public struct MessagePlan: Hashable, Sendable {
    /// The proposal to every other validator.
    public let proposals: Int
    /// Per phase: votes (to an aggregator, or to everyone), aggregates up, certificates down
    /// from the root, certificates relayed by aggregators.
    public let votes: Int
    public let aggregates: Int
    public let certificates: Int
    public let relays: Int

    public var perPhase: Int { votes + aggregates + certificates + relays }
    /// Proposal plus both phases.
    public var perHeight: Int { proposals + 2 * perPhase }

    /// The plan of round 0 at `height` for `set`.
    public init(height: UInt64, set: ValidatorSet, flatValidatorsMax: Int, suite: any CryptoSuite) {
        let n = set.count
        proposals = n - 1
        guard n > flatValidatorsMax else {
            votes = n * (n - 1)
            aggregates = 0
            certificates = 0
            relays = 0
            return
        }
        let tree = AggregationTree(height: height, round: 0, set: set, suite: suite)
        votes = (0..<n).filter { tree.aggregator(of: UInt16($0)) != UInt16($0) }.count
        aggregates = tree.aggregators.filter { $0 != tree.root }.count
        certificates = tree.rootTargets.count
        relays = tree.aggregators.reduce(0) { $0 + tree.relayTargets(of: $1).count }
    }
}
