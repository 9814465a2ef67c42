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
        #expect(!cluster.network.log.contains { $0.from == cluster.identity(4) && { if case .vote = $0.message { true } else { false } }($0) })
        for height in UInt64(1)...4 {
            // The same block; certificates may differ in which extra precommits they carry.
            #expect(try follower.application.committedBlock(at: height)?.block == cluster.engines[0].application.committedBlock(at: height)?.block)
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
}
