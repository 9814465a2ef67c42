/// What the publisher has done, for the node status: nothing it drops goes uncounted.
public struct FeedCounters: Sendable, Equatable, Codable {
    /// Feed messages handed to the PUB socket (heartbeats included).
    public var messagesPublished: UInt64 = 0
    /// Blocks refused because the publisher's queue was full (every topic then skips a number).
    public var blocksDropped: UInt64 = 0
    /// Snapshot parts answered (counted as queued for sending).
    public var snapshotPartsSent: UInt64 = 0
    /// Snapshot requests refused (unknown market, malformed, unavailable).
    public var snapshotsRefused: UInt64 = 0
    /// Messages that failed their own wire checks and were not sent (a bug if ever above 0).
    public var messagesInvalid: UInt64 = 0
    /// Book events naming an order the publisher's copy lacked (a bug if ever above 0).
    public var eventsUnmatched: UInt64 = 0
    /// Feed subscriptions (and unsubscriptions) applied: a prefix of a published topic.
    public var subscriptionsApplied: UInt64 = 0
    /// Feed subscriptions refused (not applied): they match nothing the node publishes.
    public var subscriptionsRefused: UInt64 = 0
    /// Snapshot clients whose answer did not fit their queue (`snapshot_send_hwm`), cut off
    /// for `FeedLoop.cutOffMs`.
    public var snapshotClientsCutOff: UInt64 = 0
    /// Snapshot requests ignored because their client was cut off.
    public var snapshotRequestsIgnored: UInt64 = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case messagesPublished = "messages_published"
        case blocksDropped = "blocks_dropped"
        case snapshotPartsSent = "snapshot_parts_sent"
        case snapshotsRefused = "snapshots_refused"
        case messagesInvalid = "messages_invalid"
        case eventsUnmatched = "events_unmatched"
        case subscriptionsApplied = "subscriptions_applied"
        case subscriptionsRefused = "subscriptions_refused"
        case snapshotClientsCutOff = "snapshot_clients_cut_off"
        case snapshotRequestsIgnored = "snapshot_requests_ignored"
    }
}
