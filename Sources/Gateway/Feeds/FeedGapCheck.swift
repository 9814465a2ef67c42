import LodestoneWire

/// Lost feed messages on one topic: `expected` was next, `received` came (or a heartbeat
/// said the topic had reached it).
public struct FeedGap: Sendable, Equatable {
    public let topic: FeedTopic
    public let expected: UInt64
    public let received: UInt64
}

/// Watches every topic's numbers as a subscriber receives them: a jump on a topic, or a
/// heartbeat naming a number past the last one seen, is a gap. A topic's first message
/// only sets the start (a subscriber joins mid-stream).
public struct FeedGapCheck: Sendable {
    private var last: [FeedTopic: UInt64] = [:]

    public init() {}

    /// The gap `message` reveals, if any.
    public mutating func observe(_ message: FeedMessage) -> FeedGap? {
        let gap = last[message.topic].flatMap { previous in
            message.sequence == previous + 1 ? nil : FeedGap(topic: message.topic, expected: previous + 1, received: message.sequence)
        }
        last[message.topic] = message.sequence
        guard gap == nil, case let .heartbeat(heartbeat) = message.body else { return gap }
        let watched = message.topic.watched
        guard let seen = last[watched], heartbeat.lastSequence > seen else { return nil }
        last[watched] = heartbeat.lastSequence
        return FeedGap(topic: watched, expected: seen + 1, received: heartbeat.lastSequence)
    }
}
