import Chain
import Crypto
import Primitives
import Testing

@testable import Consensus

@Suite struct AggregationTreeTests {
    static func set(_ n: Int) -> ValidatorSet {
        try! ValidatorSet(keys: ConsensusFixture.validatorKeys(n).map(\.publicKey), suite: ConsensusFixture.suite)
    }

    @Test func treeIsDeterministicWithRootKAggregatorsAndEveryMemberInAGroup() {
        let set = Self.set(16)
        let tree = AggregationTree(height: 5, round: 0, set: set, suite: ConsensusFixture.suite)
        #expect(tree == AggregationTree(height: 5, round: 0, set: set, suite: ConsensusFixture.suite))
        #expect(tree.aggregators.count == 4)
        #expect(Set(tree.aggregators).count == 4)
        #expect(tree.root == set.proposer(height: 5, round: 0))
        #expect((0..<4).flatMap { tree.members(ofGroup: $0) }.sorted() == (0..<16).map { UInt16($0) })
        // Another height draws another tree (with overwhelming probability for these inputs).
        let others = (6..<12).map { AggregationTree(height: UInt64($0), round: 0, set: set, suite: ConsensusFixture.suite).aggregators }
        #expect(Set(others + [tree.aggregators]).count > 1)
        #expect(AggregationTree.aggregatorCount(100) == 10 && AggregationTree.aggregatorCount(17) == 5)
    }

    @Test func messagePlanGrowsLinearlyForTreeAndQuadraticallyFlat() {
        for n in [16, 31, 64, 100] {
            let set = Self.set(n)
            let tree = MessagePlan(height: 1, set: set, flatValidatorsMax: 8, suite: ConsensusFixture.suite)
            let flat = MessagePlan(height: 1, set: set, flatValidatorsMax: 128, suite: ConsensusFixture.suite)
            let k = AggregationTree.aggregatorCount(n)
            #expect(tree.perPhase <= 2 * n + 2 * k && tree.perPhase >= 2 * n - 2 * k, "n \(n): \(tree)")
            #expect(flat.perPhase == n * (n - 1))
        }
    }

    /// Counts the consensus messages (proposal, votes, aggregates, certificates) sent for
    /// `height` in a cluster run.
    static func messages(for height: UInt64, in log: [Envelope]) -> Int {
        log.filter { envelope in
            switch envelope.message {
            case let .proposal(proposal): proposal.height == height
            case let .vote(vote): vote.target.height == height
            case let .aggregate(certificate), let .certificate(certificate): certificate.target.height == height
            default: false
            }
        }.count
    }

    @Test(arguments: [8, 16])
    func sixteenValidatorsSendWhatThePlanSays(flatValidatorsMax: Int) {
        var configuration = Cluster.defaultConfiguration
        configuration.flatValidatorsMax = flatValidatorsMax
        let cluster = Cluster(validators: 16, seed: 11, configuration: configuration)
        cluster.start()
        let done = cluster.run(forMs: 30_000) { cluster.committedHeights().allSatisfy { $0 >= 4 } }
        #expect(done, "heights \(cluster.committedHeights())")
        let set = cluster.config.genesisValidatorSet
        for height in UInt64(1)...3 {
            let plan = MessagePlan(height: height, set: set, flatValidatorsMax: flatValidatorsMax, suite: ConsensusFixture.suite)
            // An aggregator whose group completes only after the height is decided sends no aggregate.
            let sent = Self.messages(for: height, in: cluster.network.log)
            #expect(sent <= plan.perHeight && sent >= plan.perHeight - 2 * plan.aggregates, "height \(height): \(sent) sent, \(plan)")
        }
        #expect(cluster.engines.allSatisfy { $0.counters.flatFallbacks == 0 && $0.counters.roundChanges == 0 })
        if flatValidatorsMax == 8 {
            let tree = MessagePlan(height: 2, set: set, flatValidatorsMax: 8, suite: ConsensusFixture.suite).perHeight
            let flat = MessagePlan(height: 2, set: set, flatValidatorsMax: 16, suite: ConsensusFixture.suite).perHeight
            #expect(tree * 4 < flat, "tree \(tree) vs flat \(flat)")
        }
    }

    @Test func treeFallsBackToFlatWhenAnAggregatorIsSilent() {
        var configuration = Cluster.defaultConfiguration
        configuration.flatValidatorsMax = 8
        let cluster = Cluster(validators: 16, seed: 5, configuration: configuration)
        let tree = AggregationTree(height: 1, round: 0, set: cluster.config.genesisValidatorSet, suite: ConsensusFixture.suite)
        let silent = Int(tree.aggregators.first { $0 != tree.root }!)
        cluster.down = [silent]
        cluster.start()
        let live = (0..<16).filter { $0 != silent }
        let done = cluster.run(forMs: 30_000) { cluster.committedHeights(live).allSatisfy { $0 >= 1 } }
        #expect(done, "heights \(cluster.committedHeights(live))")
        #expect(live.contains { cluster.engines[$0].counters.flatFallbacks > 0 })
        #expect(Set(live.map { try? cluster.engines[$0].application.committedBlock(at: 1)?.block }).count == 1)
    }
}
