import LodestoneWire

/// Which feed subscriptions the XPUB applies: the empty one (everything) and any prefix of,
/// or whole, topic the node publishes (`l2.`/`l3.`/`trades.<MARKET>`, `blocks`, and each one's
/// `heartbeat.` topic), at most `WireLimits.maxTopicBytes` long. Anything else matches no
/// message the node sends, so applying it would only cost memory.
struct FeedSubscriptionFilter: Sendable {
    /// Every published topic's bytes, sorted, so a prefix test is one binary search.
    private let topics: [[UInt8]]

    init(topics: [FeedTopic]) {
        self.topics = Set(topics.flatMap { [$0.bytes, $0.heartbeat.bytes] }).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether `prefix` is empty or a prefix of a published topic.
    func allows(_ prefix: [UInt8]) -> Bool {
        guard prefix.count <= WireLimits.maxTopicBytes else { return false }
        // The first topic not below `prefix` is the only one that can start with it: every
        // topic starting with `prefix` sorts at or after it, before any that does not.
        var low = 0
        var high = topics.count
        while low < high {
            let middle = (low + high) / 2
            if topics[middle].lexicographicallyPrecedes(prefix) { low = middle + 1 } else { high = middle }
        }
        return low < topics.count && topics[low].starts(with: prefix)
    }
}
