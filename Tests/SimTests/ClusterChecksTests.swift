import Primitives
import Testing

@testable import LodestoneSim

@Suite struct ClusterChecksTests {
    static func hash(_ byte: UInt8) -> Hash256 { try! Hash256(bytes: [UInt8](repeating: byte, count: 32)) }

    static func chain(_ ids: [UInt8], commitment: UInt8 = 0xC0) -> [FinalizedRecord] {
        var previous = hash(0)
        return ids.enumerated().map { index, id in
            defer { previous = hash(id) }
            return FinalizedRecord(
                height: UInt64(index + 1), blockID: hash(id), previousHash: previous, headerCommitment: hash(commitment &+ id),
                computedCommitment: hash(commitment &+ id))
        }
    }

    @Test func agreeingHistoriesPass() {
        #expect(ClusterChecks.agreement([0: Self.chain([1, 2, 3]), 1: Self.chain([1, 2]), 2: Self.chain([1, 2, 3])]).isEmpty)
    }

    /// A forged divergent history (node 1 finalized another block at height 2) is reported.
    @Test func divergentHistoryFails() {
        let failures = ClusterChecks.agreement([0: Self.chain([1, 2, 3]), 1: Self.chain([1, 9, 3])])
        #expect(failures.contains { $0.check == .agreement && $0.detail.contains("height 2") })
    }

    @Test func differentStateAtOneBlockFails() {
        var forged = Self.chain([1, 2])
        forged[1] = FinalizedRecord(
            height: 2, blockID: forged[1].blockID, previousHash: forged[1].previousHash, headerCommitment: forged[1].headerCommitment,
            computedCommitment: Self.hash(0x77))
        let failures = ClusterChecks.agreement([0: Self.chain([1, 2]), 1: forged])
        #expect(failures.contains { $0.check == .state })
    }

    @Test func safetyMonitorCatchesTwoBlocksAtOneHeight() {
        var monitor = SafetyMonitor()
        monitor.record(node: 0, height: 1, blockID: Self.hash(1))
        monitor.record(node: 1, height: 1, blockID: Self.hash(1))
        #expect(monitor.failures.isEmpty)
        monitor.record(node: 2, height: 1, blockID: Self.hash(2))
        #expect(monitor.failures.count == 1)
        #expect(monitor.failures[0].check == .safety)
        #expect(monitor.failures[0].description.hasPrefix("check=safety detail=height 1"))
    }

    @Test func conservationComparesEveryAsset() {
        let btc = AssetID(Self.hash(0xB0))
        let usdt = AssetID(Self.hash(0x05))
        let genesis = [btc: UInt64(100), usdt: 50]
        #expect(ClusterChecks.conservation(node: 0, totals: genesis, genesis: genesis).isEmpty)
        let minted = ClusterChecks.conservation(node: 3, totals: [btc: 101, usdt: 50], genesis: genesis)
        #expect(minted.count == 1 && minted[0].check == .conservation && minted[0].detail.contains("node 3"))
        #expect(ClusterChecks.conservation(node: 0, totals: [btc: 100], genesis: genesis).count == 1)
    }

    @Test func progressNamesTheNodesBehind() {
        #expect(ClusterChecks.progress(heights: [0: 5, 1: 6], target: 5, healedAtMs: 0, deadlineMs: 10).isEmpty)
        let failures = ClusterChecks.progress(heights: [0: 5, 1: 3], target: 5, healedAtMs: 100, deadlineMs: 900)
        #expect(failures.count == 1 && failures[0].detail.contains("node 1 at 3"))
    }
}
