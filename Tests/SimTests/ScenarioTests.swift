import Testing

@testable import LodestoneSim

@Suite struct ScenarioTests {
    @Test func sameSeedDrawsTheSameScenario() {
        for seed in UInt64(1)...50 { #expect(Scenario.draw(seed: seed) == Scenario.draw(seed: seed)) }
    }

    /// Over many seeds every fault is drawn, n is one of 4, 5, 7, 10, Byzantine validators
    /// never exceed f and loss never exceeds 30%.
    @Test func drawsStayWithinTheModel() {
        var drawn = Set<Fault>()
        for seed in UInt64(1)...400 {
            let scenario = Scenario.draw(seed: seed)
            drawn.formUnion(scenario.faults)
            #expect(Scenario.validatorCounts.contains(scenario.validators))
            #expect(scenario.byzantine.count <= scenario.f)
            #expect(scenario.profile.lossPerMille <= NetworkProfile.lossPerMilleMax)
            #expect(scenario.healMs <= Scenario.faultsEndMsMax)
            for crash in scenario.crashes {
                #expect(scenario.byzantine[crash.detail] == nil)
                #expect(crash.startMs < crash.endMs)
            }
            if scenario.faults.contains(.aggregator) { #expect(scenario.validators >= 10) }
        }
        #expect(drawn == Set(Fault.allCases))
    }

    @Test func forcedFaultsAreUsed() {
        let scenario = Scenario.draw(seed: 5, forced: [.twins, .partition], validators: 7, heights: 3)
        #expect(scenario.faults == [.partition, .twins])
        #expect(scenario.validators == 7)
        #expect(scenario.heights == 3)
        #expect(!scenario.partitions.isEmpty)
        #expect(!scenario.twinned.isEmpty)
        #expect(scenario.nodeCount == 7 + scenario.twinned.count)
        let twin = scenario.twinned[0]
        #expect(scenario.validatorIndex(ofNode: 7) == twin)
        #expect(!scenario.isHonest(node: twin) && !scenario.isHonest(node: 7))
    }
}
