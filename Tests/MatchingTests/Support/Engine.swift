import Matching

/// The two book implementations; every behavioural test runs against both.
enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
    case reference
    case fast

    var description: String { rawValue }

    func make(rules: MarketRules, capacity: BookCapacity) -> any OrderBook {
        switch self {
        case .reference: ReferenceBook(rules: rules, capacity: capacity)
        case .fast: FastBook(rules: rules, capacity: capacity)
        }
    }
}

extension MarketRules {
    /// Tick 1, lot 1, min 1, no fees, cancel-resting.
    static let plain = try! MarketRules()

    static func with(
        tick: Int64 = 1, lot: Int64 = 1, min: Int64 = 1, max: Int64 = defaultMaxSize, maker: Int64 = 0,
        taker: Int64 = 0, policy: SelfTradePolicy = .cancelResting, bounds: ClosedRange<Int64>? = nil
    ) -> MarketRules {
        try! MarketRules(
            tickSize: tick, lotSize: lot, minSize: min, maxSize: max, makerFeeBps: maker, takerFeeBps: taker,
            selfTradePolicy: policy, priceBounds: bounds)
    }
}

extension BookCapacity {
    static let small = try! BookCapacity(maxRestingOrders: 64, maxPriceLevels: 16, maxOrderIDs: 1_000)
}

/// Everything observable about a book, to prove a refused operation changed nothing.
struct Snapshot: Equatable {
    let bids: [PriceLevel]
    let asks: [PriceLevel]
    let orders: [RestingOrder]
    let accepted: [Bool]
    let height: UInt64

    init(_ book: any OrderBook) {
        let ids = (0..<book.capacity.maxOrderIDs).map(OrderID.init(rawValue:))
        bids = book.levels(.buy)
        asks = book.levels(.sell)
        orders = ids.compactMap { book.order($0) }
        accepted = ids.map { book.hasAccepted($0) }
        height = book.height
    }
}

/// A book plus helpers that return the events of each operation.
struct Harness {
    var book: any OrderBook

    init(_ engine: Engine, rules: MarketRules = .plain, capacity: BookCapacity = .small) {
        book = engine.make(rules: rules, capacity: capacity)
    }

    var snapshot: Snapshot { Snapshot(book) }

    @discardableResult
    mutating func submit(_ order: NewOrder) -> [BookEvent] {
        var log = EventLog()
        try? book.submit(order, into: &log)
        return log.events
    }

    @discardableResult
    mutating func cancel(_ id: UInt32) -> [BookEvent] {
        var log = EventLog()
        try? book.cancel(OrderID(id), into: &log)
        return log.events
    }

    @discardableResult
    mutating func replace(_ id: UInt32, with newID: UInt32, price: Int64, size: Int64) -> [BookEvent] {
        var log = EventLog()
        try? book.replace(ReplaceRequest(id: OrderID(id), newID: OrderID(newID), price: price, size: size), into: &log)
        return log.events
    }

    @discardableResult
    mutating func massCancel(_ owner: UInt32) -> [BookEvent] {
        var log = EventLog()
        book.massCancel(owner: OwnerID(owner), into: &log)
        return log.events
    }

    @discardableResult
    mutating func advance(to height: UInt64) -> [BookEvent] {
        var log = EventLog()
        try? book.advance(toHeight: height, into: &log)
        return log.events
    }
}

func buy(
    _ id: UInt32, _ price: Int64, _ size: Int64, owner: UInt32 = 1, _ tif: TimeInForce = .goodTillCancel,
    expiry: UInt64? = nil
) -> NewOrder {
    NewOrder(id: OrderID(id), owner: OwnerID(owner), side: .buy, price: price, size: size, timeInForce: tif, expiry: expiry)
}

func sell(
    _ id: UInt32, _ price: Int64, _ size: Int64, owner: UInt32 = 2, _ tif: TimeInForce = .goodTillCancel,
    expiry: UInt64? = nil
) -> NewOrder {
    NewOrder(id: OrderID(id), owner: OwnerID(owner), side: .sell, price: price, size: size, timeInForce: tif, expiry: expiry)
}

/// Shorthands for expected events.
func id(_ raw: UInt32) -> OrderID { OrderID(raw) }

func fill(_ maker: UInt32, _ taker: UInt32, _ side: Side, _ price: Int64, _ size: Int64, fees: (Int64, Int64) = (0, 0)) -> BookEvent {
    .fill(Fill(maker: id(maker), taker: id(taker), takerSide: side, price: price, size: size, makerFee: fees.0, takerFee: fees.1))
}

func added(_ order: NewOrder, size: Int64? = nil) -> BookEvent {
    .orderAdded(order.id, owner: order.owner, order.side, price: order.price, size: size ?? order.size)
}

/// The fills among `events`.
func fills(_ events: [BookEvent]) -> [Fill] {
    events.compactMap { if case .fill(let fill) = $0 { fill } else { nil } }
}
