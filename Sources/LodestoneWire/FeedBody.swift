/// A decoded feed body: the topic decides the type, so a frame's body is read as that type
/// and its content must name the same topic (an `L2Update` for BTC-USDT arrives on
/// `l2.BTC-USDT` only).
public enum FeedBody: Hashable, Sendable {
    /// On `l2.<MARKET>`.
    case l2(Lodestone_V1_L2Update)
    /// On `l3.<MARKET>`.
    case l3(Lodestone_V1_L3Update)
    /// On `trades.<MARKET>`.
    case trade(Lodestone_V1_Trade)
    /// On `blocks`.
    case block(Lodestone_V1_BlockSummary)
    /// On `heartbeat.<topic>`.
    case heartbeat(Lodestone_V1_Heartbeat)

    /// Decodes and validates a received frame's body as its topic's type, and checks that
    /// the body belongs on that topic (`topic_mismatch` otherwise).
    public init(frame: FeedFrame) throws(WireError) {
        self = try Self.decode(frame.body, as: frame.topic)
        let expected = try topic()
        guard expected == frame.topic else {
            throw WireError(.topicMismatch, "a body for '\(expected)' arrived on '\(frame.topic)'")
        }
    }

    /// The topic this body is published on, from its market (or watched topic).
    public func topic() throws(WireError) -> FeedTopic {
        switch self {
        case let .l2(update): try FeedTopic.l2(update.market)
        case let .l3(update): try FeedTopic.l3(update.market)
        case let .trade(trade): try FeedTopic.trades(trade.market)
        case .block: FeedTopic.blocks
        case let .heartbeat(heartbeat): try FeedTopic(text: heartbeat.topic).heartbeat
        }
    }

    /// Validates and encodes this body as the frame to publish with `sequence`.
    public func frame(sequence: UInt64) throws(WireError) -> FeedFrame {
        try FeedFrame(topic: topic(), body: message.wireBytes(), sequence: sequence)
    }

    private var message: any WireMessage {
        switch self {
        case let .l2(update): update
        case let .l3(update): update
        case let .trade(trade): trade
        case let .block(block): block
        case let .heartbeat(heartbeat): heartbeat
        }
    }

    private static func decode(_ body: [UInt8], as topic: FeedTopic) throws(WireError) -> FeedBody {
        if topic.isHeartbeat { return .heartbeat(try Lodestone_V1_Heartbeat(wireBytes: body)) }
        switch topic.stream {
        case .l2: return .l2(try Lodestone_V1_L2Update(wireBytes: body))
        case .l3: return .l3(try Lodestone_V1_L3Update(wireBytes: body))
        case .trades: return .trade(try Lodestone_V1_Trade(wireBytes: body))
        case .blocks: return .block(try Lodestone_V1_BlockSummary(wireBytes: body))
        }
    }
}
