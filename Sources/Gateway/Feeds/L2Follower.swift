import LodestoneWire

/// Follows one market's L2 book by ZeroMQ's clone pattern: subscribe first, fetch a
/// snapshot, drop updates it already holds, apply the rest; on any gap (a jump in
/// `l2.<MARKET>` numbers, or a heartbeat naming a later one) fetch a new snapshot.
public final class L2Follower: @unchecked Sendable {
    /// What the last `next` call saw.
    public enum Event: Sendable, Equatable {
        /// An L2 update was applied.
        case updated
        /// A trade on `trades.<MARKET>`.
        case trade(Lodestone_V1_Trade)
        /// The book was (re)loaded from a snapshot; `gap` tells why when not the first.
        case resynced(gap: L2Book.Outcome?)
        /// Nothing new for the book (stale update, heartbeat, timeout).
        case idle
    }

    /// Snapshot requests per (re)load before giving up: an answer that did not fit this
    /// client's queue arrives incomplete and times out, and the server ignores the client
    /// for a second, so it is asked again.
    public static let snapshotAttempts = 3

    public let market: String
    public private(set) var book: L2Book
    /// Snapshots fetched after gaps.
    public private(set) var resyncCount = 0
    private let client: FeedClient
    private let l2Topic: FeedTopic
    private let snapshotTimeoutMs: Int

    /// Subscribes to `l2.` and `trades.<market>` (and their heartbeats), then loads a snapshot.
    public init(client: FeedClient, market: String, snapshotTimeoutMs: Int) throws(FeedError) {
        do {
            l2Topic = try FeedTopic.l2(market)
            try client.subscribe(l2Topic)
            try client.subscribe(FeedTopic.trades(market))
        } catch let error as FeedError {
            throw error
        } catch {
            let wire = error as! WireError
            throw .wire(code: wire.code, name: wire.name, text: wire.message)
        }
        self.client = client
        self.market = market
        self.snapshotTimeoutMs = snapshotTimeoutMs
        book = L2Book(snapshot: try Self.snapshot(client, market: market, timeoutMs: snapshotTimeoutMs))
    }

    /// The market's L2 snapshot, asked again after a timeout (up to `snapshotAttempts`).
    private static func snapshot(_ client: FeedClient, market: String, timeoutMs: Int) throws(FeedError) -> FeedSnapshot {
        for _ in 1..<snapshotAttempts {
            do { return try client.snapshot(market: market, depth: .l2, timeoutMs: timeoutMs) } catch .timedOut {
                continue
            }
        }
        return try client.snapshot(market: market, depth: .l2, timeoutMs: timeoutMs)
    }

    /// Handles the next feed message (waiting at most `timeoutMs`).
    public func next(timeoutMs: Int) throws(FeedError) -> Event {
        guard let message = try client.receive(timeoutMs: timeoutMs), message.topic.market == market else { return .idle }
        switch message.body {
        case let .l2(update) where message.topic == l2Topic:
            return try handle(book.apply(update, sequence: message.sequence))
        case let .heartbeat(heartbeat) where message.topic == l2Topic.heartbeat:
            return try handle(book.check(heartbeat: heartbeat))
        case let .trade(trade):
            return .trade(trade)
        default:
            return .idle
        }
    }

    private func handle(_ outcome: L2Book.Outcome) throws(FeedError) -> Event {
        switch outcome {
        case .applied: return .updated
        case .stale: return .idle
        case .gap:
            book = L2Book(snapshot: try Self.snapshot(client, market: market, timeoutMs: snapshotTimeoutMs))
            resyncCount += 1
            return .resynced(gap: outcome)
        }
    }
}
