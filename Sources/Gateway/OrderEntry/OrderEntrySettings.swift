import LodestoneWire
import ZeroMQ

/// How the order-entry gateway listens and what it allows each client. Every value is
/// bounded; `check()` refuses values outside the bounds instead of clipping them.
public struct OrderEntrySettings: Sendable, Equatable {
    /// Bounds of the settings below.
    public static let connectionsAllowed = 1...100_000
    public static let inFlightAllowed = 1...1_000_000
    public static let sendHighWaterMarkAllowed = 1...100_000
    public static let cutoffDropsAllowed = 1...1_000_000
    public static let backlogBytesAllowed = 0...(1 << 30)
    public static let subscribedConnectionsAllowed = 1...100_000
    public static let housekeepingIntervalAllowed = 1...60_000

    /// Where the ROUTER binds (`tcp://127.0.0.1:7411` by default; `*` port in tests).
    public var endpoint = "tcp://127.0.0.1:7411"
    /// Requests per second each client may send on average (a batch costs one per request).
    public var ratePerSecond: UInt64 = 1_000
    /// Requests a client may send at once.
    public var burst: UInt64 = 2_000
    /// Clients remembered at once; past this the least recently seen client without a report
    /// subscription is forgotten (subscribed ones never make room for others).
    public var maxConnections = 4_096
    /// Connections subscribed to execution reports at once (below `maxConnections`, so there is
    /// always room for unsubscribed clients); a subscription past it is refused.
    public var maxSubscribedConnections = 1_024
    /// Requests accepted and not yet answered by the block thread, across all clients.
    public var maxInFlight = 4_096
    /// Messages queued per client before sends to it are dropped (its outbox).
    public var sendHighWaterMark = 1_000
    /// Consecutive dropped messages after which a client is cut off (forgotten, unsubscribed).
    public var cutoffDrops = 256
    /// Bytes that may wait for one client whose outbox is full (its `Backlog`), sent in order
    /// as it drains; past this messages to it are dropped (counted, and cut off after
    /// `cutoffDrops` in a row). 0: no backlog, a full outbox drops at once.
    public var backlogBytesMax = 16 << 20
    /// Bytes that may wait in all clients' backlogs together (the gateway's bound on them).
    public var backlogTotalBytesMax = 256 << 20
    /// CurveZMQ with an allow-list of client keys; nil serves plain TCP (bind 127.0.0.1 then).
    public var curve: CurveSettings?
    /// Client connections open at once on the public endpoint (its `ZMTPGuard`); one more is
    /// closed at once.
    public var publicConnectionsMax = ZMTPGuardLimits.defaultConnectionsMax
    /// Longest the gateway thread sleeps when no work wakes it: how often it retries waiting
    /// notices and how late it may notice a stop nobody woke it for. Answers and reports wake
    /// it at once, so this is not a latency.
    public var housekeepingIntervalMs = 100

    /// Every value at its default.
    public init() {}

    /// Throws naming the first value outside its bounds.
    public func check() throws(GatewayError) {
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("max_connections", maxConnections, Self.connectionsAllowed),
            ("max_in_flight", maxInFlight, Self.inFlightAllowed),
            ("send_high_water_mark", sendHighWaterMark, Self.sendHighWaterMarkAllowed),
            ("cutoff_drops", cutoffDrops, Self.cutoffDropsAllowed),
            ("backlog_bytes_max", backlogBytesMax, Self.backlogBytesAllowed),
            ("backlog_total_bytes_max", backlogTotalBytesMax, Self.backlogBytesAllowed),
            ("max_subscribed_connections", maxSubscribedConnections, Self.subscribedConnectionsAllowed),
            ("public_connections_max", publicConnectionsMax, ZMTPGuardLimits.connectionsRange),
            ("housekeeping_interval_ms", housekeepingIntervalMs, Self.housekeepingIntervalAllowed),
        ]
        for (name, value, allowed) in ranges where !allowed.contains(value) {
            throw GatewayError(.badSetting, "\(name) \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)")
        }
        guard maxSubscribedConnections < maxConnections else {
            throw GatewayError(
                .badSetting, "max_subscribed_connections \(maxSubscribedConnections) must be below max_connections \(maxConnections)")
        }
        guard TokenBucket.rateAllowed.contains(ratePerSecond), TokenBucket.burstAllowed.contains(burst) else {
            throw GatewayError(.badSetting, "rate \(ratePerSecond)/s and burst \(burst) must each lie in 1...1000000")
        }
    }
}
