import LodestoneWire

/// Per-topic sequence numbers (1, 2, 3, … on every topic, heartbeat topics included) and
/// when each feed topic last carried anything, so quiet topics get heartbeats.
struct FeedSequencer {
    private var last: [FeedTopic: UInt64] = [:]
    /// Per watched feed topic: when it, or its heartbeat topic, last sent.
    private var activeMs: [FeedTopic: UInt64]

    /// Starts with every topic in `topics` (feed topics, not heartbeat topics) quiet since `nowMs`.
    init(topics: [FeedTopic], nowMs: UInt64) {
        assert(topics.allSatisfy { !$0.isHeartbeat })
        activeMs = Dictionary(uniqueKeysWithValues: topics.map { ($0, nowMs) })
    }

    /// The number for the next message on `topic`.
    mutating func next(_ topic: FeedTopic, nowMs: UInt64) -> UInt64 {
        let sequence = last[topic, default: 0] + 1
        last[topic] = sequence
        activeMs[topic.watched] = nowMs
        return sequence
    }

    /// The last number sent on `topic`; 0 before the first.
    func lastSequence(_ topic: FeedTopic) -> UInt64 { last[topic, default: 0] }

    /// Burns one number on every feed topic, so each subscriber sees a gap and re-syncs.
    mutating func skipAll() {
        for topic in activeMs.keys { last[topic, default: 0] += 1 }
    }

    /// Feed topics silent for at least `heartbeatMs`, in a stable order.
    func quietTopics(nowMs: UInt64, heartbeatMs: Int) -> [FeedTopic] {
        activeMs.filter { nowMs >= $0.value + UInt64(heartbeatMs) }.keys.sorted { $0.text < $1.text }
    }
}
