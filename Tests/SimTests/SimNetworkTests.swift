import Consensus
import Testing

@testable import LodestoneSim

@Suite struct SimNetworkTests {
    static func envelope(_ from: Int, _ to: Int) -> Envelope { Envelope(from: from, to: to, kind: .status, bytes: [1, 2, 3]) }

    @Test func losesAtTheConfiguredRate() {
        var network = SimNetwork(profile: NetworkProfile(lossPerMille: 200), random: SimRandom(seed: 1))
        let delivered = (0..<20_000).filter { _ in !network.route(Self.envelope(0, 1), nowMs: 0).isEmpty }.count
        #expect((15_400...16_600).contains(delivered), "80% of 20,000 is 16,000; got \(delivered)")
        #expect(network.counters.lost == 20_000 - delivered)
        #expect(network.counters.sent == 20_000)
        #expect(network.counters.byKind[.status] == 20_000)
    }

    @Test func duplicatesAtTheConfiguredRate() {
        var network = SimNetwork(profile: NetworkProfile(duplicatePerMille: 300), random: SimRandom(seed: 2))
        let copies = (0..<10_000).map { _ in network.route(Self.envelope(0, 1), nowMs: 0).count }
        let doubled = copies.filter { $0 == 2 }.count
        #expect(copies.allSatisfy { $0 == 1 || $0 == 2 })
        #expect((2_700...3_300).contains(doubled), "30% of 10,000 is 3,000; got \(doubled)")
        #expect(network.counters.duplicated == doubled)
    }

    @Test func delaysStayInTheirBoundsAndReorder() {
        let profile = NetworkProfile(delayMinMs: 5, delayMaxMs: 10, reorderPerMille: 500, reorderWindowMs: 100)
        var network = SimNetwork(profile: profile, random: SimRandom(seed: 3))
        var arrivals: [UInt64] = []
        for sent in 0..<2_000 {
            let at = network.route(Self.envelope(0, 1), nowMs: UInt64(sent))
            #expect(at.count == 1)
            #expect(at[0] >= UInt64(sent) + 5 && at[0] <= UInt64(sent) + 110)
            arrivals += at
        }
        // Later messages overtake earlier ones: arrival order is not send order.
        let overtaken = zip(arrivals, arrivals.dropFirst()).filter { $0.0 > $0.1 }.count
        #expect(overtaken > 200)
        #expect(network.counters.reordered > 800)
    }

    @Test func partitionsCutExactlyTheCrossingMessagesAndHeal() {
        var network = SimNetwork(profile: .calm, random: SimRandom(seed: 4))
        network.partition = Partition(groups: [[0, 1], [2, 3]])
        for from in 0..<4 {
            for to in 0..<4 where from != to {
                let crosses = (from < 2) != (to < 2)
                #expect(network.route(Self.envelope(from, to), nowMs: 0).isEmpty == crosses)
            }
        }
        #expect(network.counters.cut == 8)
        // A message in flight when a partition forms is cut on arrival.
        let cutOnArrival = network.admitsDelivery(Self.envelope(0, 3))
        #expect(!cutOnArrival)
        network.partition = nil
        let admitted = network.admitsDelivery(Self.envelope(0, 3))
        #expect(admitted)
        #expect(network.route(Self.envelope(0, 3), nowMs: 0).count == 1)
    }

    @Test func sameSeedSameArrivals() {
        let profile = NetworkProfile(
            delayMinMs: 1, delayMaxMs: 30, slowPerMille: 100, slowExtraMs: 500, lossPerMille: 100, duplicatePerMille: 100,
            reorderPerMille: 100, reorderWindowMs: 50)
        func arrivals(_ seed: UInt64) -> [[UInt64]] {
            var network = SimNetwork(profile: profile, random: SimRandom(seed: seed))
            return (0..<500).map { network.route(Self.envelope($0 % 4, ($0 + 1) % 4), nowMs: UInt64($0)) }
        }
        #expect(arrivals(5) == arrivals(5))
        #expect(arrivals(5) != arrivals(6))
    }

    @Test func healedProfileKeepsDelaysOnly() {
        let profile = NetworkProfile(
            delayMinMs: 2, delayMaxMs: 9, slowPerMille: 100, slowExtraMs: 500, lossPerMille: 100, duplicatePerMille: 100,
            reorderPerMille: 100, reorderWindowMs: 50)
        #expect(profile.healed == NetworkProfile(delayMinMs: 2, delayMaxMs: 9))
    }
}
