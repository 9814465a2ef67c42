/// A resting order as seen from outside a book.
public struct RestingOrder: Sendable, Hashable {
    /// Its ID.
    public var id: OrderID
    /// Its owner.
    public var owner: OwnerID
    /// Its side.
    public var side: Side
    /// Its limit price.
    public var price: Int64
    /// What is left to fill.
    public var size: Int64
    /// Its expiry height, if any.
    public var expiry: UInt64?

    /// Describes a resting order.
    @inlinable
    public init(id: OrderID, owner: OwnerID, side: Side, price: Int64, size: Int64, expiry: UInt64?) {
        self.id = id
        self.owner = owner
        self.side = side
        self.price = price
        self.size = size
        self.expiry = expiry
    }
}

/// One price level as seen from outside a book (L2).
public struct PriceLevel: Sendable, Hashable {
    /// The level's price.
    public var price: Int64
    /// Sum of the remaining sizes resting there.
    public var totalSize: Int64
    /// How many orders rest there.
    public var orderCount: Int

    /// Describes a level.
    @inlinable
    public init(price: Int64, totalSize: Int64, orderCount: Int) {
        self.price = price
        self.totalSize = totalSize
        self.orderCount = orderCount
    }
}

/// One market's limit order book: price-time priority, trades at the resting price,
/// self-trade prevention, fees, expiry by height. Pure and deterministic: the same operations
/// give the same events, in the same order, on every run and machine.
///
/// Every operation either happens completely, reporting its events to the sink, or is refused:
/// it then reports one `rejected` event, throws the same `MatchingError`, and changes nothing.
/// Two implementations behave identically: `ReferenceBook` (plain, obviously correct) and
/// `FastBook` (pools of slots linked by handles); docs/MATCHING.md gives the rules.
public protocol OrderBook: Sendable {
    /// An empty book at height 0.
    init(rules: MarketRules, capacity: BookCapacity)

    /// The market's rules.
    var rules: MarketRules { get }
    /// The book's fixed limits (bounds, not allocations).
    var capacity: BookCapacity { get }
    /// The last height the book was advanced to (0 at start).
    var height: UInt64 { get }
    /// Orders resting now, both sides.
    var restingOrderCount: Int { get }
    /// Price levels now, both sides.
    var priceLevelCount: Int { get }

    /// The resting order with this ID, if any.
    func order(_ id: OrderID) -> RestingOrder?
    /// True when this book has ever accepted an order with this ID (it may be gone since).
    func hasAccepted(_ id: OrderID) -> Bool
    /// The levels of one side, best first.
    func levels(_ side: Side) -> [PriceLevel]
    /// The best price of one side, if it has any order.
    func bestPrice(_ side: Side) -> Int64?
    /// The total size resting at `price` on `side`, or `nil` when there is no such level.
    func levelSize(_ side: Side, price: Int64) -> Int64?
    /// How much of `order` could fill right now against other owners' orders, in priority
    /// order up to its limit, honouring the self-trade policy; stops counting at `order.size`.
    func fillableSize(for order: NewOrder) -> Int64

    /// Adds an order: checks it, matches it, then rests, cancels or finishes its remainder.
    mutating func submit<Sink: EventSink>(_ order: NewOrder, into sink: inout Sink) throws(MatchingError)
    /// Cancels a resting order (reason `user`).
    mutating func cancel<Sink: EventSink>(_ id: OrderID, into sink: inout Sink) throws(MatchingError)
    /// Replaces a resting order atomically (see `ReplaceRequest`).
    mutating func replace<Sink: EventSink>(_ request: ReplaceRequest, into sink: inout Sink) throws(MatchingError)
    /// Cancels every resting order of `owner` (reason `mass`), bids best first, then asks.
    mutating func massCancel<Sink: EventSink>(owner: OwnerID, into sink: inout Sink)
    /// Moves the book to `height`, expiring (reason `expired`) every order whose expiry is
    /// below it, earliest expiry first, then in order of arrival.
    mutating func advance<Sink: EventSink>(toHeight height: UInt64, into sink: inout Sink) throws(MatchingError)
    /// Forgets an ID that is no longer resting, so it may be accepted again (see
    /// OrderBook+Release.swift). Does nothing for a resting or never-accepted ID.
    mutating func release(_ id: OrderID)
}
