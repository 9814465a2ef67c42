import Primitives
import Testing

@testable import LodestoneSim

/// Whole seeded clusters (real engines over the real chain), kept small: these run in a
/// debug build.
@Suite struct SimWorldTests {
    static func run(_ scenario: Scenario, hook: ((Int, FinalizedRecord) -> FinalizedRecord)? = nil) throws -> SeedResult {
        let world = try SimWorld(scenario: scenario, configuration: SimWorld.defaultConfiguration(validators: scenario.validators))
        world.recordHook = hook
        return world.run()
    }

    /// The same seed replays the same event trace and ends at the same height.
    @Test func sameSeedSameTrace() throws {
        let scenario = Scenario.draw(seed: 21, forced: [.loss, .reordering, .duplication], validators: 4, heights: 3)
        let first = try Self.run(scenario)
        let second = try Self.run(scenario)
        #expect(first.failures.isEmpty, "\(first.failures)")
        #expect(first.traceHash == second.traceHash)
        #expect(first.height == second.height)
        #expect(first.counters.network == second.counters.network)
        #expect(first.counters.network.lost > 0 && first.counters.network.duplicated > 0)
        let other = try Self.run(Scenario.draw(seed: 22, forced: [.loss, .reordering, .duplication], validators: 4, heights: 3))
        #expect(other.traceHash != first.traceHash)
    }

    /// One seed with every fault at once finishes its checks, and the counters show each
    /// fault really ran. (It used to stall at height 1: re-proposals went out without their
    /// proof round's prevotes, and a double voter's vote in that quorum was not counted.)
    @Test func everyFaultAtOnceFinishesItsChecks() throws {
        let scenario = Scenario.draw(seed: 7, forced: Fault.allCases, validators: 7, heights: 3)
        #expect(scenario.byzantine.count == scenario.f)
        let result = try Self.run(scenario)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.height >= 3)
        let counters = result.counters
        #expect(counters.network.lost > 0 && counters.network.duplicated > 0 && counters.network.reordered > 0)
        #expect(counters.network.slowed > 0)
        #expect(counters.partitionsFormed > 0 && counters.partitionsFormed == counters.partitionsHealed)
        #expect(counters.crashes > 0 && counters.crashes == counters.restarts)
        #expect(!counters.byzantineActions.isEmpty)
        #expect(counters.trader.accepted > 0)
    }

    /// A run whose history is forged (node 1 "finalized" another block at height 2) is
    /// reported failing: the checks can fail.
    @Test func forgedDivergentHistoryIsReported() throws {
        let scenario = Scenario.draw(seed: 3, forced: [], validators: 4, heights: 3)
        let forgedID = try Hash256(bytes: [UInt8](repeating: 0xEE, count: 32))
        let result = try Self.run(scenario) { node, record in
            guard node == 1, record.height == 2 else { return record }
            return FinalizedRecord(
                height: record.height, blockID: forgedID, previousHash: record.previousHash,
                headerCommitment: record.headerCommitment, computedCommitment: record.computedCommitment)
        }
        #expect(result.failures.contains { $0.check == .safety && $0.detail.contains("height 2") }, "\(result.failures)")
        #expect(result.counters.failedSeeds == 1)
    }

    /// A calm seed finalizes with matching and settlement running.
    @Test func calmSeedFinalizesWithTrades() throws {
        let result = try Self.run(Scenario.draw(seed: 5, forced: [], validators: 4, heights: 4))
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.height >= 4)
        #expect(result.counters.engine["round_changes", default: 0] == 0)
        #expect(result.counters.trader.accepted > 0)
    }
}
