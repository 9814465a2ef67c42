import Chain
import LodestoneWire
import ZeroMQ

/// Where the feeds listen and how hard they may be pushed; every value is bounded.
public struct FeedConfiguration: Sendable, Equatable {
    public static let heartbeatMsAllowed = 10...60_000
    public static let sendHighWaterMarkAllowed = 1...1_000_000
    public static let queueCapacityAllowed = 1...65_536
    public static let snapshotSendHighWaterMarkAllowed = 1...1_024
    /// Most parts one snapshot answer has: an L3 book at the chain's resting-order capacity.
    public static let snapshotPartsMax =
        (Exchange.capacity.maxRestingOrders + WireLimits.maxSnapshotEntries - 1) / WireLimits.maxSnapshotEntries
    /// Two whole answers fit (an L2 and an L3 asked together, or a retry behind a late one).
    public static let defaultSnapshotSendHighWaterMark = 2 * snapshotPartsMax

    /// PUB endpoint (`tcp://host:port`; port `*` picks a free one).
    public var feedEndpoint: String
    /// Snapshot ROUTER endpoint.
    public var snapshotEndpoint: String
    /// A quiet topic gets a heartbeat this often.
    public var heartbeatMs: Int
    /// Messages queued per subscriber before ZeroMQ drops (the subscriber then sees a gap).
    public var sendHighWaterMark: Int
    /// Blocks waiting for the publisher thread; more are dropped and counted.
    public var queueCapacity: Int
    /// Snapshot parts queued per snapshot client; an answer that does not fit cuts the client
    /// off for a while (it sees missing parts, times out and asks again).
    public var snapshotSendHighWaterMark: Int
    /// Client connections open at once on each of the two public endpoints (their guards).
    public var publicConnectionsMax: Int

    public init(
        feedEndpoint: String = "tcp://127.0.0.1:7421", snapshotEndpoint: String = "tcp://127.0.0.1:7422",
        heartbeatMs: Int = 1_000, sendHighWaterMark: Int = 100_000, queueCapacity: Int = 1_024,
        snapshotSendHighWaterMark: Int = defaultSnapshotSendHighWaterMark,
        publicConnectionsMax: Int = ZMTPGuardLimits.defaultConnectionsMax
    ) {
        self.feedEndpoint = feedEndpoint
        self.snapshotEndpoint = snapshotEndpoint
        self.heartbeatMs = heartbeatMs
        self.sendHighWaterMark = sendHighWaterMark
        self.queueCapacity = queueCapacity
        self.snapshotSendHighWaterMark = snapshotSendHighWaterMark
        self.publicConnectionsMax = publicConnectionsMax
    }

    /// Throws naming the first value outside its bounds.
    public func check() throws(FeedError) {
        let ranges = [
            ("feed_heartbeat_ms", heartbeatMs, Self.heartbeatMsAllowed),
            ("feed_send_hwm", sendHighWaterMark, Self.sendHighWaterMarkAllowed),
            ("feed queue capacity", queueCapacity, Self.queueCapacityAllowed),
            ("snapshot_send_hwm", snapshotSendHighWaterMark, Self.snapshotSendHighWaterMarkAllowed),
            ("public_connections_max", publicConnectionsMax, ZMTPGuardLimits.connectionsRange),
        ]
        for (name, value, allowed) in ranges where !allowed.contains(value) {
            throw .invalidSetting("\(name) \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)")
        }
    }
}
