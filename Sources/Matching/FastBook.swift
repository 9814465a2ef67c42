/// The production order book: every order and level lives in a `ContiguousArray` pool of
/// small structs linked by `Int32` handles, so the hot loop does no reference counting and no
/// hashing, and allocates only when a pool grows.
///
/// Pools allocate as the book grows (doubling, up to the `BookCapacity` limits), so an idle
/// book costs about a kilobyte: `allocation` reports what is allocated now, `footprint` what
/// the limits allow at most. Handles are indices, so they stay valid when a pool moves.
///
/// - Orders: `OrderSlot`s; each level's orders form an intrusive doubly linked FIFO.
/// - Levels: `LevelSlot`s with head, tail, total size and order count.
/// - Sides: a `PriceLadder` each (sorted prices, best last).
/// - IDs: a table from dense `OrderID` to order handle gives O(1) cancel and replace, and
///   remembers IDs already used.
/// - Expiry: an `ExpiryQueue` heap.
///
/// Behaves exactly like `ReferenceBook` (checked by the differential tests).
public struct FastBook: OrderBook, BookStorage {
    /// `idTable` entry of an ID never accepted. (Computed constants fold away in inlined
    /// code, where a stored `static let` would cost a lazy-initialization check.)
    @inlinable static var neverAccepted: Int32 { -1 }
    /// `idTable` entry of an ID accepted once and no longer resting.
    @inlinable static var noLongerResting: Int32 { -2 }
    /// End of a linked list.
    @inlinable static var none: Int32 { -1 }

    public let rules: MarketRules
    public let capacity: BookCapacity
    @usableFromInline var currentHeight: UInt64 = 0
    @usableFromInline var restingCount = 0
    /// Order slots: each is resting or on the `freeOrders` list (slots past `count` are not
    /// allocated yet; the pool appends one when the list is empty).
    @usableFromInline var orders: ContiguousArray<OrderSlot>
    /// Level slots, in use or on the `freeLevels` list, growing like `orders`.
    @usableFromInline var levels: ContiguousArray<LevelSlot>
    @usableFromInline var bids: PriceLadder
    @usableFromInline var asks: PriceLadder
    /// Entry per ID up to the highest ID accepted (the rest are never accepted), growing
    /// up to `maxOrderIDs` entries.
    @usableFromInline var idTable: ContiguousArray<Int32>
    @usableFromInline var expiries: ExpiryQueue
    @usableFromInline var freeOrders: Int32
    @usableFromInline var freeLevels: Int32
    @usableFromInline var arrivals: UInt64 = 0

    /// An empty book at height 0. Nothing is allocated for the limits up front: the pools
    /// grow as orders rest (see `allocation`).
    public init(rules: MarketRules, capacity: BookCapacity) {
        self.rules = rules
        self.capacity = capacity
        orders = []
        levels = []
        freeOrders = Self.none
        freeLevels = Self.none
        bids = PriceLadder(side: .buy, capacity: capacity.maxPriceLevels)
        asks = PriceLadder(side: .sell, capacity: capacity.maxPriceLevels)
        idTable = []
        expiries = ExpiryQueue(capacity: capacity.maxRestingOrders)
    }

    @inlinable
    public var height: UInt64 { currentHeight }

    @inlinable
    public var restingOrderCount: Int { restingCount }

    @inlinable
    public var priceLevelCount: Int { bids.count + asks.count }

    @inlinable
    public mutating func submit<Sink: EventSink>(_ order: NewOrder, into sink: inout Sink) throws(MatchingError) {
        try performSubmit(order, into: &sink)
    }

    @inlinable
    public mutating func cancel<Sink: EventSink>(_ id: OrderID, into sink: inout Sink) throws(MatchingError) {
        try performCancel(id, into: &sink)
    }

    @inlinable
    public mutating func replace<Sink: EventSink>(_ request: ReplaceRequest, into sink: inout Sink) throws(MatchingError) {
        try performReplace(request, into: &sink)
    }

    @inlinable
    public mutating func massCancel<Sink: EventSink>(owner: OwnerID, into sink: inout Sink) {
        performMassCancel(owner: owner, into: &sink)
    }

    @inlinable
    public mutating func advance<Sink: EventSink>(toHeight height: UInt64, into sink: inout Sink) throws(MatchingError) {
        try performAdvance(toHeight: height, into: &sink)
    }
}
