import Chain
import Crypto
import Primitives
import Testing

@testable import Consensus

@Suite struct ConsensusSyncTests {
    @Test func followerSyncsEveryBlockAndNeverVotes() throws {
        let cluster = Cluster(validators: 4, followers: 1, seed: 21)
        cluster.start()
        let follower = cluster.engines[4]
        let done = cluster.run(forMs: 30_000) { cluster.committedHeights().allSatisfy { $0 >= 4 } }
        #expect(done, "heights \(cluster.committedHeights())")
        #expect(follower.counters.syncBlocksCommitted >= 4)
        #expect(!follower.status.isValidator)
        #expect(
            !cluster.network.log.contains { $0.from == cluster.identity(4) && { if case .vote = $0.message { true } else { false } }($0) })
        for height in UInt64(1)...4 {
            // The same block; certificates may differ in which extra precommits they carry.
            #expect(
                try follower.application.committedBlock(at: height)?.block
                    == cluster.engines[0].application.committedBlock(at: height)?.block)
        }
    }

    @Test func validatorThatWasDownCatchesUpBySync() {
        let cluster = Cluster(validators: 4, seed: 9)
        cluster.down = [3]
        cluster.start()
        let live = [0, 1, 2]
        #expect(cluster.run(forMs: 60_000) { cluster.committedHeights(live).allSatisfy { $0 >= 4 } })
        #expect(cluster.engines[3].application.committedHeight == 0)
        // Back up (same store and chain, as after a restart): it syncs, then votes again.
        cluster.down = []
        cluster.engines[3].start()
        let done = cluster.run(forMs: 60_000) { cluster.committedHeights().allSatisfy { $0 >= 7 } }
        #expect(done, "heights \(cluster.committedHeights())")
        #expect(cluster.engines[3].counters.syncBlocksCommitted >= 4)
        let common = cluster.committedHeights().min()!
        for height in 1...common {
            #expect(Set(cluster.engines.map { try? $0.application.committedBlock(at: height)?.block }).count == 1)
        }
    }

    @Test func lossyNetworkConvergesOnceItHeals() {
        var configuration = Cluster.defaultConfiguration
        configuration.statusIntervalMs = 1_000
        let cluster = Cluster(validators: 4, seed: 33, configuration: configuration)
        var random = SeededGenerator(state: 99)
        var lossy = true
        cluster.network.blocks = { _, _, _ in lossy && random.next() % 3 == 0 }
        cluster.start()
        cluster.run(forMs: 20_000)
        lossy = false
        let target = cluster.committedHeights().max()! + 3
        let done = cluster.run(forMs: 60_000) { cluster.committedHeights().allSatisfy { $0 >= target } }
        #expect(done, "heights \(cluster.committedHeights())")
        let common = cluster.committedHeights().min()!
        for height in 1...common {
            #expect(Set(cluster.engines.map { try? $0.application.committedBlock(at: height)?.block }).count == 1)
        }
    }

    @Test func validatorRestartedMidHeightRejoinsWithoutEquivocating() {
        let cluster = Cluster(validators: 4, seed: 44)
        cluster.start()
        // Stop validator 2 in the middle of a height, right after it signed something there.
        #expect(cluster.run(forMs: 30_000) { cluster.engines[2].application.committedHeight >= 3 && cluster.engines[2].ownVotes.count > 0 })
        let recorded = try? cluster.stores[2].loadSafetyRecord()
        #expect(recorded?.height == cluster.engines[2].application.committedHeight + 1)
        cluster.down = [2]
        cluster.run(forMs: 500)
        // The process restarts over the same disk: the chain it committed and its safety record.
        let restarted = cluster.makeEngine(
            index: 2, identity: cluster.identity(2), key: cluster.keys[2], store: cluster.stores[2], peers: cluster.identities,
            configuration: Cluster.defaultConfiguration, application: cluster.engines[2].application)
        cluster.engines[2] = restarted
        cluster.down = []
        restarted.start()
        let target = cluster.committedHeights().max()! + 3
        let done = cluster.run(forMs: 60_000) { cluster.committedHeights().allSatisfy { $0 >= target } }
        #expect(done, "heights \(cluster.committedHeights())")
        #expect(cluster.engines.allSatisfy { $0.counters.evidence == 0 && $0.counters.evidenceReceived == 0 })
        #expect(restarted.counters.commits >= 3)
        let common = cluster.committedHeights().min()!
        for height in 1...common {
            #expect(Set(cluster.engines.map { try? $0.application.committedBlock(at: height)?.block }).count == 1)
        }
    }

    /// Status goes to `statusFanout` peers an interval, rotating over all of them (linear
    /// traffic), to every peer once the height stalls, and back to a peer that is behind.
    @Test func statusRotatesOverPeersAndGoesToAllWhenStalled() {
        var configuration = Cluster.defaultConfiguration
        configuration.statusIntervalMs = 1_000
        configuration.statusFanout = 1
        configuration.statusStallIntervals = 4
        let node = SingleNode(index: 0, configuration: configuration)
        node.engine.start()
        func statusReceivers() -> [PublicKey] {
            node.transport.sent.compactMap { if case .status = $0.message { $0.to } else { nil } }
        }
        // Start and two more intervals: one peer each time, three different peers.
        node.advance(1_000)
        node.advance(1_000)
        let rotated = statusReceivers()
        #expect(rotated.count == 3 && Set(rotated).count == 3)
        #expect(Set(rotated) == Set(node.keys[1...].map(\.publicKey)))
        // No commit for four intervals: everyone.
        node.transport.sent.removeAll()
        node.advance(1_000)
        #expect(statusReceivers().count == 1)
        node.transport.sent.removeAll()
        node.advance(1_000)
        #expect(Set(statusReceivers()) == Set(node.keys[1...].map(\.publicKey)))
        // Decide height 1; a peer still at height 0 gets a status back at once, once an interval.
        let block = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(block, round: 0)), from: node.proposer(round: 0))
        // (Its own prevote went nil on the propose timeout: the others' precommits decide.)
        for validator in [1, 2, 3] { node.receive(.vote(node.vote(validator, round: 0, .precommit, node.id(block)))) }
        #expect(node.engine.application.committedHeight == 1)
        node.transport.sent.removeAll()
        for _ in 0..<3 { node.receive(.status(PeerStatus(chainID: node.chainID, height: 0, round: 0)), from: 3) }
        #expect(node.transport.sent.map(\.message) == [.status(PeerStatus(chainID: node.chainID, height: 1, round: 0))])
        #expect(node.transport.sent.first?.to == node.keys[3].publicKey)
    }
}
