@testable import Gateway
import LodestoneWire
import Testing

@Suite("FeedPublisher: feeds over a PUB socket")
struct FeedPublisherTests {
    static let symbol = RandomBookFlow.market.symbol

    @Test("a subscriber receives every data topic numbered 1, 2, 3, … and one summary per block")
    func subscriberSeesSequences() throws {
        let harness = try FeedHarness(heartbeatMs: 20)
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        let topics = try [FeedTopic.l2(Self.symbol), .l3(Self.symbol), .trades(Self.symbol), .blocks]
        for topic in topics { try client.subscribe(topic) }
        // A heartbeat on the last subscription shows all of them reached the publisher.
        _ = try #require(try FeedHarness.receive(client) { $0.topic == FeedTopic.blocks.heartbeat })
        var flow = RandomBookFlow(seed: 21)
        for _ in 0..<20 { harness.publisher.publish(flow.nextBlock(operations: 20)) }
        var seen: [FeedTopic: [UInt64]] = [:]
        _ = try #require(try FeedHarness.receive(client) { message in
            if !message.topic.isHeartbeat { seen[message.topic, default: []].append(message.sequence) }
            return message.topic == .blocks && message.sequence == 20
        })
        for topic in topics {
            let sequences = try #require(seen[topic], "\(topic)")
            #expect(sequences == Array(1...UInt64(sequences.count)), "\(topic)")
        }
        #expect(harness.publisher.counters.blocksDropped == 0)
    }

    @Test("a quiet topic gets heartbeats naming its last sequence")
    func quietTopicHeartbeats() throws {
        let harness = try FeedHarness(heartbeatMs: 20)
        defer { harness.stop() }
        let client = try harness.client()
        defer { client.close() }
        try client.subscribe(.l2(Self.symbol))
        let first = try #require(try FeedHarness.receive(client) { $0.topic.isHeartbeat })
        guard case let .heartbeat(before) = first.body else { Issue.record("not a heartbeat"); return }
        #expect(before.topic == "l2.\(Self.symbol)" && before.lastSequence == 0)
        var flow = RandomBookFlow(seed: 2)
        harness.publisher.publish(flow.nextBlock(operations: 10))
        let after = try #require(try FeedHarness.receive(client) { message in
            guard case let .heartbeat(heartbeat) = message.body else { return false }
            return heartbeat.lastSequence == 1
        })
        #expect(after.topic == (try FeedTopic.l2(Self.symbol)).heartbeat)
    }

    @Test("a slow subscriber past its high-water mark sees a gap and re-syncs from a snapshot to the right book")
    func slowSubscriberResyncs() throws {
        let harness = try FeedHarness(heartbeatMs: 20, sendHighWaterMark: 1)
        defer { harness.stop() }
        let client = try harness.client(receiveHighWaterMark: 1)
        defer { client.close() }
        let follower = try L2Follower(client: client, market: Self.symbol, snapshotTimeoutMs: FeedHarness.waitMs)
        var flow = RandomBookFlow(seed: 31)
        // Nobody reads while 300 blocks go out: most L2 updates are dropped at the HWM.
        for _ in 0..<300 { harness.publisher.publish(flow.nextBlock(operations: 20)) }
        var rounds = 0
        while follower.book.bids != flow.ladder(.buy) || follower.book.asks != flow.ladder(.sell) || follower.book.height < flow.height - 5 {
            rounds += 1
            try #require(rounds < 2_000, "the follower never caught up")
            _ = try follower.next(timeoutMs: 20)
        }
        #expect(follower.resyncCount >= 1, "a gap was seen and repaired")
        #expect(follower.book.bids == flow.ladder(.buy))
        #expect(follower.book.asks == flow.ladder(.sell))
        #expect(harness.publisher.counters.snapshotPartsSent >= 2)
    }
}
