import Chain
import Crypto
import Primitives
import Testing

@testable import Consensus

@Suite struct ConsensusEngineTests {
    @Test func fourValidatorsFinalizeWithIdenticalTips() {
        let cluster = Cluster(validators: 4, seed: 7)
        cluster.start()
        let done = cluster.run(forMs: 20_000) { cluster.committedHeights().allSatisfy { $0 >= 5 } }
        #expect(done, "heights \(cluster.committedHeights())")
        // Same block at every height on every node, each with a quorum certificate.
        for height in 1...5 {
            let blocks = cluster.engines.map { try? $0.application.committedBlock(at: UInt64(height)) }
            #expect(Set(blocks.map { $0?.block }).count == 1)
            let set = cluster.engines[0].application.validatorSet
            #expect((try? blocks[0]?.certificate.verify(against: set, suite: ConsensusFixture.suite, requireQuorum: true)) != nil)
        }
        for engine in cluster.engines {
            #expect(engine.counters.roundChanges == 0)
            // Only precommits that arrive after their height committed (the quorum was reached without them).
            #expect(engine.counters.droppedTotal == engine.counters.dropped(.staleHeight), "\(engine.counters.dropped)")
            #expect(engine.counters.syncBlocksServed == 0)
        }
        #expect(cluster.engines.allSatisfy { $0.status.lastFinalityLatencyMs != nil })
    }

    @Test func silentProposerCausesRoundChangeAndProgress() {
        let cluster = Cluster(validators: 4, seed: 3)
        let silent = Int(cluster.config.genesisValidatorSet.proposer(height: 1, round: 0))
        cluster.down = [silent]
        cluster.start()
        let live = (0..<4).filter { $0 != silent }
        let done = cluster.run(forMs: 60_000) { cluster.committedHeights(live).allSatisfy { $0 >= 3 } }
        #expect(done, "heights \(cluster.committedHeights(live))")
        #expect(live.allSatisfy { cluster.engines[$0].counters.roundChanges > 0 })
        #expect(Set(live.map { cluster.engines[$0].application.tipHash }).count <= 2)
        // Heights each live node has both agree.
        let common = cluster.committedHeights(live).min() ?? 0
        for height in 1...common {
            #expect(Set(live.map { try? cluster.engines[$0].application.committedBlock(at: height)?.block }).count == 1)
        }
    }

    @Test func aValidatorAloneFinalizesEveryBlock() {
        let cluster = Cluster(validators: 1, seed: 2)
        cluster.start()
        #expect(cluster.run(forMs: 5_000) { cluster.committedHeights() == [5] })
        #expect(cluster.network.log.filter { if case .status = $0.message { false } else { true } }.isEmpty)
    }

    @Test func aSeedReplaysExactly() {
        // What consensus decided and said, when and to whom. (A block's own signature comes
        // from the chain with fresh randomness; its ID, the header hash, does not cover it.)
        func run() -> [String] {
            let cluster = Cluster(validators: 4, seed: 17)
            cluster.start()
            cluster.run(forMs: 3_000)
            let identities = cluster.identities
            return cluster.network.log.map { envelope in
                let content: String =
                    switch envelope.message {
                    case .proposal(let proposal):
                        "proposal \(proposal.height) \(proposal.round) \(proposal.block.header.hash(suite: ConsensusFixture.suite)) \(proposal.signature)"
                    default: "\(envelope.message.canonicalBytes)"
                    }
                let from = identities.firstIndex(of: envelope.from) ?? -1
                let to = identities.firstIndex(of: envelope.to) ?? -1
                return "\(envelope.deliverAtMs) \(from)→\(to) \(content)"
            }
        }
        let first = run()
        let second = run()
        #expect(first.count > 100)
        #expect(first.count == second.count)
        let mismatch = zip(first, second).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(mismatch == nil, "first difference at message \(mismatch?.offset ?? -1)")
    }

    /// The rules run until a pass fires none, and stop there: a message that fires nothing
    /// costs one pass (here one more commit attempt), not the 256 the loop allows.
    @Test func rulesStopAtTheFirstPassThatFiresNothing() {
        let node = SingleNode(index: 0)
        node.engine.application.refusesCommits = true
        node.engine.start()
        let block = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(block, round: 0)))
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, node.id(block)))) }
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .precommit, node.id(block)))) }
        // A precommit quorum (its own and two others) that the application cannot commit.
        let failures = node.engine.counters.commitFailures
        #expect(failures >= 1)
        #expect(node.engine.application.committedHeight == 0)
        // A fourth precommit fires no rule: one pass, so one more attempt.
        node.receive(.vote(node.vote(3, round: 0, .precommit, node.id(block))))
        #expect(node.engine.counters.commitFailures == failures + 1)
    }
}
