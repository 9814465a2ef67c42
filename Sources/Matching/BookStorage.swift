/// An incoming order while it matches: what is left of it and how it ends.
@usableFromInline
struct Taker: Sendable {
    @usableFromInline let id: OrderID
    @usableFromInline let owner: OwnerID
    @usableFromInline let side: Side
    @usableFromInline let price: Int64
    @usableFromInline let timeInForce: TimeInForce
    @usableFromInline let expiry: UInt64?
    @usableFromInline var remaining: Int64

    @inlinable
    init(_ order: NewOrder) {
        id = order.id
        owner = order.owner
        side = order.side
        price = order.price
        timeInForce = order.timeInForce
        expiry = order.expiry
        remaining = order.size
    }

    /// The resting order this taker becomes.
    @inlinable
    var resting: RestingOrder {
        RestingOrder(id: id, owner: owner, side: side, price: price, size: remaining, expiry: expiry)
    }
}

/// How a sweep of the opposite side ended.
@usableFromInline
enum SweepEnd {
    /// Filled completely, or nothing more crosses.
    case done
    /// Self-trade prevention cancels the taker's remainder.
    case stoppedBySelfTrade
}

/// What a book keeps and how it matches. The flow of each operation (checks, accept, sweep,
/// rest or cancel the remainder) is written once on top of this (`BookStorage+Operations`);
/// each book implements the storage and the sweep on its own, so the differential test
/// compares two independent implementations of price-time matching.
@usableFromInline
protocol BookStorage: OrderBook {
    /// Records that `id` was accepted (it may never rest).
    mutating func markAccepted(_ id: OrderID)
    /// Records the height; the caller has checked it does not go backwards.
    mutating func setHeight(_ height: UInt64)
    /// Trades `taker` against the opposite side in price-time order while it crosses,
    /// applying self-trade prevention, and reports fills and book changes.
    mutating func sweep<Sink: EventSink>(_ taker: inout Taker, into sink: inout Sink) -> SweepEnd
    /// Rests `order` at the back of its level. The caller has checked there is room.
    mutating func rest<Sink: EventSink>(_ order: RestingOrder, into sink: inout Sink)
    /// Removes a resting order: reports `cancelled` with its remaining size, then the L3
    /// removal and the L2 change.
    mutating func cancelResting<Sink: EventSink>(_ id: OrderID, reason: CancelReason, into sink: inout Sink)
    /// Gives a resting order a new ID and a size not above its current one, keeping its place;
    /// reports `orderReplaced`, then `levelChanged` when the size went down.
    mutating func rename<Sink: EventSink>(_ id: OrderID, to newID: OrderID, size: Int64, into sink: inout Sink)
    /// The resting order to expire next among those with expiry below `height`: earliest
    /// expiry, then earliest arrival; `nil` when there is none. The caller cancels it.
    mutating func nextExpired(before height: UInt64) -> OrderID?
    /// The resting orders of `owner`: bids best first, then asks best first, FIFO in a level.
    func orders(of owner: OwnerID) -> [OrderID]
}
