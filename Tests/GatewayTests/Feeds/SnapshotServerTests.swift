import Foundation
@testable import Gateway
import LodestoneWire
import Primitives
import Testing

@Suite("Snapshot ROUTER: answers, refusals with codes, and serving on")
struct SnapshotServerTests {
    static let symbol = RandomBookFlow.market.symbol

    private func refusalCode(_ body: () throws -> FeedSnapshot) -> UInt16? {
        do {
            _ = try body()
            return nil
        } catch let FeedError.refused(code, _, _) {
            return code
        } catch {
            Issue.record("expected a refusal, got \(error)")
            return nil
        }
    }

    @Test("a snapshot of an unknown market is refused with unknown_market (7301)")
    func unknownMarket() throws {
        let harness = try FeedHarness()
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        #expect(refusalCode { try client.snapshot(market: "ETH-USDT", depth: .l2, timeoutMs: FeedHarness.waitMs) } == 7301)
        #expect(harness.publisher.counters.snapshotsRefused == 1)
    }

    @Test("malformed requests get their 71xx codes and the server keeps serving")
    func malformedRequests() throws {
        let harness = try FeedHarness()
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        let snapshot = { (bytes: [UInt8]) in
            { try client.snapshot(requestBytes: bytes, market: Self.symbol, depth: .l2, timeoutMs: FeedHarness.waitMs) }
        }
        var badDepth = Lodestone_V1_SnapshotRequest()
        badDepth.market = Self.symbol
        badDepth.depth = .UNRECOGNIZED(9)
        var badMarket = Lodestone_V1_SnapshotRequest()
        badMarket.market = "btc usdt"
        badMarket.depth = .l2
        #expect(refusalCode(snapshot([0xFF, 0xFF, 0xFF])) == 7102, "not protobuf: malformed_message")
        #expect(refusalCode(snapshot([UInt8](repeating: 0, count: 300))) == 7101, "over 256 bytes: message_too_large")
        #expect(refusalCode(snapshot(try badDepth.serializedBytes())) == 7108, "unknown depth: invalid_enum")
        #expect(refusalCode(snapshot(try badMarket.serializedBytes())) == 7110, "not a symbol: invalid_market")
        let answer = try client.snapshot(market: Self.symbol, depth: .l3, timeoutMs: FeedHarness.waitMs)
        #expect(answer.sequence == 0 && answer.orders.isEmpty, "still serving: an empty book before any block")
        #expect(harness.publisher.counters.snapshotsRefused == 4)
    }

    @Test("a publisher started on a restarted node's resting orders serves them in its first snapshots (L2 totals, L3 time order)")
    func seededFromRestingOrders() throws {
        let ids = (1...3).map { try! Hash256(bytes: [UInt8](repeating: UInt8($0), count: 32)) }
        let harness = try FeedHarness(resting: [
            FeedRestingOrder(orderID: ids[0], side: .buy, priceTicks: 10, sizeLots: 2),
            FeedRestingOrder(orderID: ids[1], side: .sell, priceTicks: 12, sizeLots: 1),
            FeedRestingOrder(orderID: ids[2], side: .buy, priceTicks: 10, sizeLots: 3),
        ])
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        let l2 = try client.snapshot(market: Self.symbol, depth: .l2, timeoutMs: FeedHarness.waitMs)
        #expect(l2.bids.map { [$0.price, $0.size] } == [[1_000, 5_000]])
        #expect(l2.asks.map { [$0.price, $0.size] } == [[1_200, 1_000]])
        let l3 = try client.snapshot(market: Self.symbol, depth: .l3, timeoutMs: FeedHarness.waitMs)
        #expect(l3.orders.map(\.orderID) == [ids[0], ids[2], ids[1]].map { Data($0.bytes) }, "bids in time order, then asks")
    }
}
