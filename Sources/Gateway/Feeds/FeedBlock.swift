import Chain
import Matching
import Primitives

/// A book event with the chain order IDs its handles named (in the event's order:
/// `[id]`, or `[id, newID]` for a replacement).
public struct FeedBookEvent: Sendable, Equatable {
    public let event: BookEvent
    public let orderIDs: [Hash256]

    public init(event: BookEvent, orderIDs: [Hash256]) {
        self.event = event
        self.orderIDs = orderIDs
    }
}

/// What the publisher takes from one committed block: built on the block thread in one pass
/// over the block's events and trades (no encoding, no locks), so the hand-over stays cheap.
public struct FeedBlock: Sendable {
    public let height: UInt64
    public let hash: Hash256
    public let timestampMs: UInt64
    public let transactionCount: Int
    public let cancelCount: Int
    /// Per market index: the block's book events.
    public let events: [[FeedBookEvent]]
    public let trades: [Trade]

    public init(
        height: UInt64, hash: Hash256, timestampMs: UInt64, transactionCount: Int, cancelCount: Int,
        events: [[FeedBookEvent]], trades: [Trade]
    ) {
        precondition(height >= 1, "only committed blocks are published")
        self.height = height
        self.hash = hash
        self.timestampMs = timestampMs
        self.transactionCount = transactionCount
        self.cancelCount = cancelCount
        self.events = events
        self.trades = trades
    }

    /// A committed block; `state` is the state after it (its tip hash is the block's).
    public init(block: Block, outcome: BlockOutcome, state: ChainState) {
        self.init(
            height: outcome.height, hash: state.tipHash, timestampMs: outcome.timestampMs,
            transactionCount: block.transactions.count, cancelCount: block.cancels.count,
            events: outcome.events.map { $0.map { FeedBookEvent(event: $0.event, orderIDs: $0.orders) } },
            trades: outcome.trades)
    }
}
