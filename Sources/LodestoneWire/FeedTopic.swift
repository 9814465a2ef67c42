/// A feed topic: the first frame of every PUB message and what a SUB subscribes to.
///
/// Topics are `l2.<MARKET>`, `l3.<MARKET>`, `trades.<MARKET>`, `blocks`, and for each of
/// those a heartbeat topic `heartbeat.<topic>`. ZeroMQ subscriptions match prefixes, so a
/// subscriber to `l2.ETH-BTC` may also receive `l2.ETH-BTC2`: compare the parsed topic.
public struct FeedTopic: Hashable, Sendable, CustomStringConvertible {
    /// What a topic carries; the raw value is its spelling in the topic.
    public enum Stream: String, Sendable, CaseIterable {
        /// Changed price levels (`L2Update`).
        case l2
        /// Changed orders (`L3Update`).
        case l3
        /// Trades (`Trade`).
        case trades
        /// Committed blocks (`BlockSummary`), one topic for the chain.
        case blocks

        /// Whether topics of this stream name a market.
        public var isPerMarket: Bool { self != .blocks }
    }

    private static let heartbeatPrefix = Array("heartbeat.".utf8)
    private static let separator = UInt8(ascii: ".")

    /// What the topic (or, for a heartbeat topic, the topic it watches) carries.
    public let stream: Stream
    /// The market symbol, e.g. `BTC-USDT`; nil exactly for `blocks` topics.
    public let market: String?
    /// Whether this is `heartbeat.<topic>`, carrying `Heartbeat`s about that topic.
    public let isHeartbeat: Bool

    private init(unchecked stream: Stream, market: String?, isHeartbeat: Bool) {
        assert(stream.isPerMarket == (market != nil))
        self.stream = stream
        self.market = market
        self.isHeartbeat = isHeartbeat
    }

    /// The topic of `stream` for `market`: a valid market symbol for per-market streams,
    /// nil for `blocks`.
    public init(stream: Stream, market: String?) throws(WireError) {
        switch (stream.isPerMarket, market) {
        case (true, nil): throw WireError(.invalidMarket, field: "market", "the \(stream.rawValue) stream needs a market")
        case (false, .some): throw WireError(.invalidMarket, field: "market", "the \(stream.rawValue) stream has no market")
        case let (true, .some(symbol)): try WireCheck.market(symbol)
        case (false, nil): break
        }
        self.init(unchecked: stream, market: market, isHeartbeat: false)
    }

    /// `l2.<market>`.
    public static func l2(_ market: String) throws(WireError) -> FeedTopic { try FeedTopic(stream: .l2, market: market) }
    /// `l3.<market>`.
    public static func l3(_ market: String) throws(WireError) -> FeedTopic { try FeedTopic(stream: .l3, market: market) }
    /// `trades.<market>`.
    public static func trades(_ market: String) throws(WireError) -> FeedTopic { try FeedTopic(stream: .trades, market: market) }
    /// `blocks`.
    public static let blocks = FeedTopic(unchecked: .blocks, market: nil, isHeartbeat: false)

    /// `heartbeat.<this topic>`; a heartbeat topic is its own heartbeat topic.
    public var heartbeat: FeedTopic { FeedTopic(unchecked: stream, market: market, isHeartbeat: true) }
    /// The feed topic a heartbeat topic watches; a feed topic watches itself.
    public var watched: FeedTopic { FeedTopic(unchecked: stream, market: market, isHeartbeat: false) }

    /// The topic as sent, e.g. `heartbeat.l2.BTC-USDT`.
    public var text: String {
        let base = market.map { "\(stream.rawValue).\($0)" } ?? stream.rawValue
        return isHeartbeat ? "heartbeat.\(base)" : base
    }

    /// The topic frame's bytes (UTF-8, no terminator).
    public var bytes: [UInt8] { Array(text.utf8) }

    public var description: String { text }

    /// Parses a topic frame. Over-long or unknown topics are `unknown_topic`; a bad market
    /// symbol in a known stream is `invalid_market`.
    public init(bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= WireLimits.maxTopicBytes else {
            throw WireError(.unknownTopic, "\(bytes.count) bytes, at most \(WireLimits.maxTopicBytes)")
        }
        let isHeartbeat = bytes.starts(with: Self.heartbeatPrefix)
        let rest = bytes.dropFirst(isHeartbeat ? Self.heartbeatPrefix.count : 0)
        let streamEnd = rest.firstIndex(of: Self.separator) ?? rest.endIndex
        guard let stream = Stream(rawValue: String(decoding: rest[..<streamEnd], as: UTF8.self)) else {
            throw WireError(.unknownTopic, "'\(String(decoding: bytes, as: UTF8.self))' names no stream")
        }
        let market = streamEnd == rest.endIndex ? nil : String(decoding: rest[(streamEnd + 1)...], as: UTF8.self)
        try self.init(stream: stream, market: market)
        if isHeartbeat { self = heartbeat }
    }

    /// Parses a topic's text; see `init(bytes:)`.
    public init(text: String) throws(WireError) {
        // One byte past the limit is enough to refuse an over-long topic without copying it.
        try self.init(bytes: Array(text.utf8.prefix(WireLimits.maxTopicBytes + 1)))
    }
}
