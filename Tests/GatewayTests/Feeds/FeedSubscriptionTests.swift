import Foundation
@testable import Gateway
import LodestoneWire
import Testing
import ZeroMQ

@Suite("Feed XPUB: only subscriptions to published topics are applied")
struct FeedSubscriptionTests {
    static let symbol = RandomBookFlow.market.symbol

    @Test("the filter allows the empty prefix and prefixes of published topics, nothing else, nothing over 64 bytes")
    func filter() throws {
        let filter = FeedSubscriptionFilter(topics: FeedState.topics([RandomBookFlow.market]))
        for allowed in ["", "l", "l2.", "l2.\(Self.symbol)", "l3.\(Self.symbol)", "trades.", "blocks", "heartbeat.", "heartbeat.blocks",
                        "heartbeat.trades.\(Self.symbol)"] {
            #expect(filter.allows(Array(allowed.utf8)), "\(allowed)")
        }
        for refused in ["x", "l4.", "l2.\(Self.symbol)X", "l2.ETH-USDT", "blocksX", "heartbeat.heartbeat.", "heartbeat.blocks.",
                        String(repeating: "l", count: WireLimits.maxTopicBytes + 1)] {
            #expect(!filter.allows(Array(refused.utf8)), "\(refused)")
        }
    }

    @Test("a subscription to a topic the node does not publish is refused and counted; published prefixes and the empty one apply")
    func refusedAndApplied() throws {
        let harness = try FeedHarness(heartbeatMs: 20)
        defer { harness.stop() }
        let sub = try ZMQSocket(harness.context, type: .sub)
        defer { sub.close() }
        try sub.connect(harness.publisher.feedEndpoint)
        try sub.subscribe("nonsense")
        try sub.subscribe("l2.ZZZ-QQQ")
        try sub.subscribe("heartbeat.bl")
        #expect(try Self.receive(sub, topic: "heartbeat.blocks", withinMs: FeedHarness.waitMs))
        #expect(harness.publisher.counters.subscriptionsRefused == 2)
        #expect(harness.publisher.counters.subscriptionsApplied == 1)
        let everything = try ZMQSocket(harness.context, type: .sub)
        defer { everything.close() }
        try everything.connect(harness.publisher.feedEndpoint)
        try everything.subscribe("")
        #expect(try Self.receive(everything, topic: "heartbeat.l3.\(Self.symbol)", withinMs: FeedHarness.waitMs))
        try sub.unsubscribe("heartbeat.bl")
        try sub.unsubscribe("nonsense")
        let deadline = Date(timeIntervalSinceNow: Double(FeedHarness.waitMs) / 1_000)
        while harness.publisher.counters.subscriptionsApplied < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(harness.publisher.counters.subscriptionsApplied == 3 && harness.publisher.counters.subscriptionsRefused == 3)
    }

    @Test("a subscription frame over 74 bytes disconnects its subscriber: it receives nothing; a 64-byte unknown prefix is only refused")
    func oversizedDisconnects() throws {
        let harness = try FeedHarness(heartbeatMs: 20, overTCP: true)
        defer { harness.stop() }
        let greedy = try ZMQSocket(harness.context, type: .sub)
        defer { greedy.close() }
        try greedy.connect(harness.publisher.feedEndpoint)
        try greedy.subscribe(Array(("blocks" + String(repeating: ".", count: 200)).utf8))
        try greedy.subscribe("heartbeat.blocks")
        // The longest prefix a topic may have: refused (counted), the connection kept.
        let polite = try ZMQSocket(harness.context, type: .sub)
        defer { polite.close() }
        try polite.connect(harness.publisher.feedEndpoint)
        try polite.subscribe(String(repeating: "x", count: WireLimits.maxTopicBytes))
        try polite.subscribe("heartbeat.blocks")
        #expect(try Self.receive(polite, topic: "heartbeat.blocks", withinMs: FeedHarness.waitMs))
        #expect(harness.publisher.counters.subscriptionsRefused == 1)
        #expect(try !Self.receive(greedy, topic: "heartbeat.blocks", withinMs: 300))
    }

    /// Whether a message on `topic` arrives within `withinMs`.
    static func receive(_ sub: ZMQSocket, topic: String, withinMs: Int) throws -> Bool {
        let limits = try ZMQReceiveLimits(maxFrames: 3, maxTotalBytes: 1 << 20)
        let deadline = Date(timeIntervalSinceNow: Double(withinMs) / 1_000)
        var poller = ZMQPoller()
        try poller.register(sub, for: .readable)
        while Date() < deadline {
            _ = try poller.poll(timeoutMs: 10)
            while let message = try sub.receive(limits: limits, .dontWait) {
                if message.frames[0] == Array(topic.utf8) { return true }
            }
        }
        return false
    }
}
