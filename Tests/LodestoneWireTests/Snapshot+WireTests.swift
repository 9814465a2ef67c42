import Foundation
import LodestoneWire
import Testing

@Suite("Snapshot request and response validation")
struct SnapshotWireTests {
    @Test("a request names a valid market and a defined depth")
    func requestShape() throws {
        try expectRefused(Lodestone_V1_SnapshotRequest.with { $0.market = WireFixtures.market }, .invalidEnum, field: "depth")
        try expectRefused(Lodestone_V1_SnapshotRequest.with {
            $0.market = "BTC-USDT-X"
            $0.depth = .l2
        }, .invalidMarket, field: "market")
    }

    @Test("an L2 part carries levels only, best first, sizes above 0")
    func l2Part() throws {
        var snapshot = WireFixtures.l2Snapshot
        snapshot.orders = [WireFixtures.order(1, .buy, 10)]
        try expectRefused(snapshot, .tooManyItems, field: "orders")
        snapshot = WireFixtures.l2Snapshot
        snapshot.bids[1].size = 0
        try expectRefused(snapshot, .invalidValue, field: "bids[1].size")
        snapshot = WireFixtures.l2Snapshot
        snapshot.asks = (1...UInt64(WireLimits.maxSnapshotEntries + 1)).map { WireFixtures.level($0, 1) }
        try expectRefused(snapshot, .tooManyItems, field: "asks")
    }

    @Test("an L3 part carries orders only: bids best first, then asks best first")
    func l3Part() throws {
        var snapshot = WireFixtures.l3Snapshot
        snapshot.bids = [WireFixtures.level(10, 1)]
        try expectRefused(snapshot, .tooManyItems, field: "bids")
        snapshot = WireFixtures.l3Snapshot
        snapshot.orders.append(WireFixtures.order(9, .buy, 1))
        try expectRefused(snapshot, .invalidValue, field: "orders[5].price")
        snapshot = WireFixtures.l3Snapshot
        snapshot.orders.swapAt(0, 2)
        try expectRefused(snapshot, .invalidValue, field: "orders[1].price")
        snapshot = WireFixtures.l3Snapshot
        snapshot.orders[4].size = 0
        try expectRefused(snapshot, .invalidValue, field: "orders[4].size")
    }

    @Test("a refusal is one last part with a valid reject and nothing else")
    func refusal() throws {
        var refused = WireFixtures.refusedSnapshot
        refused.isLast = false
        try expectRefused(refused, .invalidValue, field: "is_last")
        refused = WireFixtures.refusedSnapshot
        refused.sequence = 3
        try expectRefused(refused, .invalidValue, field: "sequence")
        refused = WireFixtures.refusedSnapshot
        refused.asks = [WireFixtures.level(1, 1)]
        try expectRefused(refused, .tooManyItems, field: "asks")
        refused = WireFixtures.refusedSnapshot
        refused.reject.name = ""
        try expectRefused(refused, .invalidLength, field: "reject.name")
    }
}
