import LodestoneWire
import PropertyBased
import Testing
import TestSupport

@Suite("FeedTopic: building and parsing topic strings")
struct FeedTopicTests {
    @Test("each stream spells its topic as documented, and parsing the text gives the topic back")
    func spellings() throws {
        let topics: [(FeedTopic, String)] = [
            (try .l2("BTC-USDT"), "l2.BTC-USDT"),
            (try .l3("ETH-BTC"), "l3.ETH-BTC"),
            (try .trades("ETH-USDT"), "trades.ETH-USDT"),
            (.blocks, "blocks"),
            (try FeedTopic.l2("BTC-USDT").heartbeat, "heartbeat.l2.BTC-USDT"),
            (FeedTopic.blocks.heartbeat, "heartbeat.blocks"),
        ]
        for (topic, text) in topics {
            #expect(topic.text == text)
            #expect(topic.bytes == Array(text.utf8))
            #expect(try FeedTopic(text: text) == topic)
        }
    }

    @Test("a heartbeat topic watches its feed topic and is its own heartbeat topic")
    func heartbeatRelations() throws {
        let trades = try FeedTopic.trades("BTC-USDT")
        #expect(trades.heartbeat.isHeartbeat && !trades.isHeartbeat)
        #expect(trades.heartbeat.watched == trades)
        #expect(trades.heartbeat.heartbeat == trades.heartbeat)
        #expect(trades.heartbeat.market == "BTC-USDT" && trades.heartbeat.stream == .trades)
    }

    @Test("unknown streams, over-long topics and doubled heartbeat prefixes are unknown_topic")
    func unknownTopics() {
        for text in ["", "l4.BTC-USDT", "L2.BTC-USDT", "heartbeat", "heartbeat.", "heartbeat.heartbeat.blocks", "blocks2", "trade.BTC-USDT"] {
            expectWireError(.unknownTopic) { _ = try FeedTopic(text: text) }
        }
        expectWireError(.unknownTopic) { _ = try FeedTopic(bytes: Array(repeating: UInt8(ascii: "l"), count: WireLimits.maxTopicBytes + 1)) }
        expectWireError(.unknownTopic) { _ = try FeedTopic(bytes: [0xFF, 0xFE, 0x2E, 0x41]) }
    }

    @Test("a known stream with a bad market, or blocks with one, is invalid_market")
    func badMarkets() {
        let bad = ["l2.", "l2.BTC", "l2.btc-usdt", "l2.BTC-USDT-X", "l2.-USDT", "l2.BTC-", "l2.BTC_USDT", "l2.ABCDEFGHIJKLM-B",
                   "l2.ABCDEFGH-IJKLMNOP", "trades.BTC-USDT.", "blocks.BTC-USDT", "blocks.", "heartbeat.l3.B-\u{e9}"]
        for text in bad {
            expectWireError(.invalidMarket) { _ = try FeedTopic(text: text) }
        }
        expectWireError(.invalidMarket) { _ = try FeedTopic(stream: .l2, market: nil) }
        expectWireError(.invalidMarket) { _ = try FeedTopic(stream: .blocks, market: "BTC-USDT") }
    }

    @Test("every well-formed market gives a topic that parses back to itself (seeded)")
    func marketsRoundTrip() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let asset = Gen.int(in: 0...(alphabet.count - 1)).array(of: 1...7).map { String($0.map { alphabet[$0] }) }
        let perMarket = FeedTopic.Stream.allCases.filter(\.isPerMarket)
        let streams = Gen.int(in: 0...(perMarket.count - 1)).map { perMarket[$0] }
        try seededCheck(seed: 0xF7_0B1C, count: 2_000, zip(asset, asset, streams, Gen.bool())) { input, _ in
            let (base, quote, stream, heartbeat) = input
            var topic = try FeedTopic(stream: stream, market: "\(base)-\(quote)")
            if heartbeat { topic = topic.heartbeat }
            #expect(try FeedTopic(bytes: topic.bytes) == topic)
            #expect(topic.bytes.count <= WireLimits.maxTopicBytes)
        }
    }
}
