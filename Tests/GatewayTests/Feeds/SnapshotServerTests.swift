import Foundation
@testable import Gateway
import LodestoneWire
import Primitives
import Testing
import ZeroMQ

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

    /// A raw DEALER on the harness's snapshot ROUTER, for what `FeedClient` never sends.
    private func dealer(_ harness: FeedHarness, receiveHighWaterMark: Int? = nil) throws -> ZMQSocket {
        let dealer = try ZMQSocket(harness.context, type: .dealer)
        if let receiveHighWaterMark { try dealer.setOption(.receiveHighWaterMark, receiveHighWaterMark) }
        try dealer.connect(harness.publisher.snapshotEndpoint)
        return dealer
    }

    /// The next part within the wait, decoded as plain protobuf (refusals may not pass the wire checks).
    private func nextPart(_ dealer: ZMQSocket, timeoutMs: Int = FeedHarness.waitMs) throws -> Lodestone_V1_SnapshotResponse? {
        var poller = ZMQPoller()
        try poller.register(dealer, for: .readable)
        guard try poller.poll(timeoutMs: timeoutMs)[0].contains(.readable),
              let frame = try dealer.receiveFrame(maxBytes: WireLimits.maxSnapshotBytes, .dontWait) else { return nil }
        return try Lodestone_V1_SnapshotResponse(serializedBytes: frame)
    }

    @Test("a request of 2 to 8 frames is answered wrong_frame_count (7113); one of more frames is dropped and counted")
    func frameCounts() throws {
        let harness = try FeedHarness()
        defer { harness.stop() }
        let dealer = try dealer(harness)
        defer { dealer.close() }
        var request = Lodestone_V1_SnapshotRequest()
        request.market = Self.symbol
        request.depth = .l2
        let bytes = try request.wireBytes()
        for count in [2, 3, 8] {
            _ = try dealer.send(ZMQMessage(frames: Array(repeating: bytes, count: count)))
            let part = try #require(try nextPart(dealer), "\(count) frames: no answer")
            #expect(part.reject.code == 7113 && part.reject.text.contains("got \(count)"), "\(count) frames")
        }
        _ = try dealer.send(ZMQMessage(frames: Array(repeating: bytes, count: 9)))
        #expect(try nextPart(dealer, timeoutMs: 300) == nil)
        #expect(harness.publisher.counters.snapshotsRefused == 4)
        _ = try dealer.send(bytes)
        #expect(try nextPart(dealer)?.isLast == true, "still served")
    }

    @Test("a client whose answers do not fit snapshot_send_hwm is cut off (counted), ignored for a while, then served again")
    func slowSnapshotClientCutOff() throws {
        let harness = try FeedHarness(snapshotSendHighWaterMark: 1)
        defer { harness.stop() }
        let dealer = try dealer(harness, receiveHighWaterMark: 1)
        defer { dealer.close() }
        var request = Lodestone_V1_SnapshotRequest()
        request.market = Self.symbol
        request.depth = .l3
        let bytes = try request.wireBytes()
        // Each request gets a part (two per tick); the in-process pipe holds two.
        for _ in 0..<10 { _ = try dealer.send(bytes) }
        let deadline = Date(timeIntervalSinceNow: Double(FeedHarness.waitMs) / 1_000)
        while harness.publisher.counters.snapshotClientsCutOff == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(harness.publisher.counters.snapshotClientsCutOff == 1)
        _ = try dealer.send(bytes)
        while harness.publisher.counters.snapshotRequestsIgnored == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(harness.publisher.counters.snapshotRequestsIgnored >= 1)
        while try nextPart(dealer, timeoutMs: 50) != nil {}
        Thread.sleep(forTimeInterval: Double(FeedLoop.cutOffMs + 100) / 1_000)
        _ = try dealer.send(bytes)
        let part = try #require(try nextPart(dealer))
        #expect(part.isLast && !part.hasReject, "served again after the cut-off")
    }

    @Test("a stale part of an earlier, cut-short answer is skipped, not taken for a broken snapshot; the next whole answer is used")
    func clientSkipsStaleParts() throws {
        let harness = try FeedHarness()
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        // A stale part 1 of an earlier answer is skipped, not taken for a broken snapshot.
        var builder = FeedSnapshot.Builder(market: Self.symbol, depth: .l2)
        var stale = Lodestone_V1_SnapshotResponse()
        stale.market = Self.symbol
        stale.depth = .l2
        stale.part = 1
        #expect(try builder.add(stale) == nil)
        let snapshot = try client.snapshot(market: Self.symbol, depth: .l2, timeoutMs: FeedHarness.waitMs)
        #expect(snapshot.sequence == 0)
    }
}
