import LodestoneWire
import Matching

/// A subscriber's L2 book: a snapshot with the `l2.<MARKET>` updates after it applied in
/// sequence. A missing number means lost updates: the book is then stale until re-synced.
public struct L2Book: Sendable, Equatable {
    /// What `apply` did with an update.
    public enum Outcome: Sendable, Equatable {
        /// The next update: applied.
        case applied
        /// Already in the snapshot (numbered at or below the book's sequence): dropped.
        case stale
        /// Updates were lost between `expected` and `received`: re-sync from a snapshot.
        case gap(expected: UInt64, received: UInt64)
    }

    public let market: String
    /// The last `l2.<market>` message reflected.
    public private(set) var sequence: UInt64
    public private(set) var height: UInt64
    /// Price to total size, per side.
    public private(set) var bids: [UInt64: UInt64]
    public private(set) var asks: [UInt64: UInt64]

    /// The book of an L2 snapshot.
    public init(snapshot: FeedSnapshot) {
        precondition(snapshot.depth == .l2, "an L2 book starts from an L2 snapshot")
        market = snapshot.market
        sequence = snapshot.sequence
        height = snapshot.height
        bids = Dictionary(snapshot.bids.map { ($0.price, $0.size) }, uniquingKeysWith: { $1 })
        asks = Dictionary(snapshot.asks.map { ($0.price, $0.size) }, uniquingKeysWith: { $1 })
    }

    /// Applies update number `sequence`, if it is the next one.
    public mutating func apply(_ update: Lodestone_V1_L2Update, sequence: UInt64) -> Outcome {
        guard sequence > self.sequence else { return .stale }
        guard sequence == self.sequence + 1 else { return .gap(expected: self.sequence + 1, received: sequence) }
        for level in update.bids { bids[level.price] = level.size == 0 ? nil : level.size }
        for level in update.asks { asks[level.price] = level.size == 0 ? nil : level.size }
        self.sequence = sequence
        height = update.height
        return .applied
    }

    /// A heartbeat of `l2.<market>`: a last sequence past the book's means the last update was lost.
    public func check(heartbeat: Lodestone_V1_Heartbeat) -> Outcome {
        heartbeat.lastSequence > sequence ? .gap(expected: sequence + 1, received: heartbeat.lastSequence) : .stale
    }

    /// The best `count` levels of `side`, best first, as (price, size).
    public func top(_ side: Side, count: Int) -> [(price: UInt64, size: UInt64)] {
        let levels = side == .buy ? bids : asks
        let prices = side == .buy ? levels.keys.sorted(by: >) : levels.keys.sorted()
        return prices.prefix(count).map { ($0, levels[$0]!) }
    }
}
