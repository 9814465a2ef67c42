import Chain
import Testing

@testable import Consensus

/// A few seeds of everything at once: a silent validator, a quarter of messages lost and
/// 40 ms of reordering for 15 s, a follower; then the network heals. No two nodes commit
/// different blocks at a height, and all live nodes progress. (The simulator runs many more.)
@Suite struct ConsensusFaultTests {
    @Test(arguments: [UInt64(1), 2])
    func lossSilenceAndHealing(seed: UInt64) {
        var configuration = Cluster.defaultConfiguration
        configuration.statusIntervalMs = 1_000
        let n = seed % 3 == 0 ? 16 : (seed % 3 == 1 ? 4 : 7)
        let cluster = Cluster(validators: Int(n), followers: 1, seed: seed, configuration: configuration)
        var random = SeededGenerator(state: seed &* 7919)
        var lossy = true
        let silent = Int(seed % UInt64(n))
        cluster.down = [silent]
        cluster.network.blocks = { _, _, _ in lossy && random.next() % 4 == 0 }
        cluster.network.jitterMs = 40
        cluster.start()
        cluster.run(forMs: 15_000)
        lossy = false
        let live = cluster.engines.indices.filter { $0 != silent }
        let target = (live.map { cluster.engines[$0].application.committedHeight }.max() ?? 0) + 3
        let done = cluster.run(forMs: 120_000) { live.allSatisfy { cluster.engines[$0].application.committedHeight >= target } }
        #expect(done, "seed \(seed) n \(n) heights \(cluster.committedHeights())")
        let common = live.map { cluster.engines[$0].application.committedHeight }.min()!
        for height in 1...max(1, common) where common > 0 {
            #expect(
                Set(live.map { try? cluster.engines[$0].application.committedBlock(at: height)?.block }).count == 1,
                "seed \(seed) fork at \(height)")
        }
        // The follower caught up by sync; round changes and (for 16) tree fallbacks really ran.
        #expect(cluster.engines.last!.counters.syncBlocksCommitted > 0)
        #expect(cluster.engines.contains { $0.counters.roundChanges > 0 })
        if n > configuration.flatValidatorsMax { #expect(cluster.engines.contains { $0.counters.flatFallbacks > 0 }) }
    }
}
