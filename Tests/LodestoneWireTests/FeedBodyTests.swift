import LodestoneWire
import Testing

@Suite("FeedBody: the topic decides the body's type")
struct FeedBodyTests {
    @Test("each body is published on the topic its content names and decodes back unchanged")
    func roundTrip() throws {
        let expected = ["l2.BTC-USDT", "l3.BTC-USDT", "trades.BTC-USDT", "blocks", "heartbeat.l2.BTC-USDT"]
        for (body, topic) in zip(WireFixtures.feedBodies, expected) {
            let frame = try body.frame(sequence: 42)
            #expect(frame.topic.text == topic)
            let received = try FeedFrame(frames: frame.frames)
            #expect(try FeedBody(frame: received) == body)
        }
    }

    @Test("a valid body on another market's topic is topic_mismatch")
    func mismatch() throws {
        let body = try WireFixtures.l2Update.wireBytes()
        let frame = try FeedFrame(topic: .l2("ETH-BTC"), body: body, sequence: 1)
        expectWireError(.topicMismatch) { _ = try FeedBody(frame: frame) }
        let heartbeat = try FeedFrame(topic: FeedTopic.l3("BTC-USDT").heartbeat, body: WireFixtures.heartbeat.wireBytes(), sequence: 1)
        expectWireError(.topicMismatch) { _ = try FeedBody(frame: heartbeat) }
    }

    @Test("a body of another stream's type fails that topic's validation")
    func wrongType() throws {
        let block = try WireFixtures.blockSummary.wireBytes()
        let frame = try FeedFrame(topic: .trades("BTC-USDT"), body: block, sequence: 1)
        #expect(throws: WireError.self) { _ = try FeedBody(frame: frame) }
    }

    @Test("an invalid body is refused before any frame is built")
    func invalidBodyNotPublished() {
        var trade = WireFixtures.trade
        trade.price = 0
        expectWireError(.invalidValue, field: "price") { _ = try FeedBody.trade(trade).frame(sequence: 1) }
        var update = WireFixtures.l2Update
        update.market = "nope"
        expectWireError(.invalidMarket) { _ = try FeedBody.l2(update).frame(sequence: 1) }
    }
}
