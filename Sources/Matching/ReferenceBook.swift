/// The plain order book: each side is a sorted array of price levels, each level an array of
/// orders in arrival order. Linear scans everywhere; written to be obviously correct, as the
/// model `FastBook` is tested against.
public struct ReferenceBook: OrderBook, BookStorage {
    struct Order {
        var resting: RestingOrder
        let arrival: UInt64
    }

    struct Level {
        let price: Int64
        var orders: [Order]
        var total: Int64 { orders.reduce(0) { $0 + $1.resting.size } }
    }

    public let rules: MarketRules
    public let capacity: BookCapacity
    public private(set) var height: UInt64 = 0
    /// Best first: bids from the highest price down, asks from the lowest up.
    var bids: [Level] = []
    var asks: [Level] = []
    var acceptedIDs: Set<OrderID> = []
    var arrivals: UInt64 = 0

    /// An empty book at height 0.
    public init(rules: MarketRules, capacity: BookCapacity) {
        self.rules = rules
        self.capacity = capacity
    }

    func side(_ side: Side) -> [Level] { side == .buy ? bids : asks }

    mutating func update<Result>(_ side: Side, _ body: (inout [Level]) -> Result) -> Result {
        side == .buy ? body(&bids) : body(&asks)
    }

    /// Where a resting order is: side, level index, index in the level.
    func locate(_ id: OrderID) -> (side: Side, level: Int, index: Int)? {
        for side in Side.allCases {
            for (level, entry) in self.side(side).enumerated() {
                if let index = entry.orders.firstIndex(where: { $0.resting.id == id }) { return (side, level, index) }
            }
        }
        return nil
    }
}

extension ReferenceBook {
    /// Bytes one resting order takes in a level's array (arrays grow as needed, with slack).
    public static var bytesPerOrder: Int { MemoryLayout<Order>.stride }

    public var restingOrderCount: Int { bids.reduce(0) { $0 + $1.orders.count } + asks.reduce(0) { $0 + $1.orders.count } }
    public var priceLevelCount: Int { bids.count + asks.count }

    public func order(_ id: OrderID) -> RestingOrder? {
        locate(id).map { side($0.side)[$0.level].orders[$0.index].resting }
    }

    public func hasAccepted(_ id: OrderID) -> Bool { acceptedIDs.contains(id) }

    public func levels(_ side: Side) -> [PriceLevel] {
        self.side(side).map { PriceLevel(price: $0.price, totalSize: $0.total, orderCount: $0.orders.count) }
    }

    public func bestPrice(_ side: Side) -> Int64? { self.side(side).first?.price }

    public func levelSize(_ side: Side, price: Int64) -> Int64? {
        self.side(side).first { $0.price == price }?.total
    }

    public func fillableSize(for order: NewOrder) -> Int64 {
        var fillable: Int64 = 0
        for level in side(order.side.opposite) where order.side.crosses(limit: order.price, resting: level.price) {
            for maker in level.orders {
                if maker.resting.owner != order.owner {
                    fillable += maker.resting.size
                } else if rules.selfTradePolicy.cancelsTaker {
                    return min(fillable, order.size)
                }
                if fillable >= order.size { return order.size }
            }
        }
        return fillable
    }

    public mutating func submit<Sink: EventSink>(_ order: NewOrder, into sink: inout Sink) throws(MatchingError) {
        try performSubmit(order, into: &sink)
    }

    public mutating func cancel<Sink: EventSink>(_ id: OrderID, into sink: inout Sink) throws(MatchingError) {
        try performCancel(id, into: &sink)
    }

    public mutating func replace<Sink: EventSink>(_ request: ReplaceRequest, into sink: inout Sink) throws(MatchingError) {
        try performReplace(request, into: &sink)
    }

    public mutating func massCancel<Sink: EventSink>(owner: OwnerID, into sink: inout Sink) {
        performMassCancel(owner: owner, into: &sink)
    }

    public mutating func advance<Sink: EventSink>(toHeight height: UInt64, into sink: inout Sink) throws(MatchingError) {
        try performAdvance(toHeight: height, into: &sink)
    }
}

extension ReferenceBook {
    @usableFromInline
    mutating func markAccepted(_ id: OrderID) { acceptedIDs.insert(id) }

    @usableFromInline
    mutating func setHeight(_ height: UInt64) { self.height = height }

    @usableFromInline
    mutating func sweep<Sink: EventSink>(_ taker: inout Taker, into sink: inout Sink) -> SweepEnd {
        let opposite = taker.side.opposite
        while taker.remaining > 0, let level = side(opposite).first,
            taker.side.crosses(limit: taker.price, resting: level.price)
        {
            let maker = level.orders[0].resting
            if maker.owner == taker.owner {
                if rules.selfTradePolicy.cancelsResting { cancelResting(maker.id, reason: .stp, into: &sink) }
                if rules.selfTradePolicy.cancelsTaker { return .stoppedBySelfTrade }
                continue
            }
            let size = min(maker.size, taker.remaining)
            taker.remaining -= size
            sink.receive(.fill(rules.fill(maker: maker.id, taker: taker.id, takerSide: taker.side, price: maker.price, size: size)))
            if size == maker.size {
                remove(at: (opposite, 0, 0), into: &sink)
            } else {
                update(opposite) { $0[0].orders[0].resting.size -= size }
                sink.receive(.orderReduced(maker.id, size: maker.size - size))
                sink.receive(.levelChanged(opposite, price: maker.price, totalSize: side(opposite)[0].total))
            }
        }
        return .done
    }

    @usableFromInline
    mutating func rest<Sink: EventSink>(_ order: RestingOrder, into sink: inout Sink) {
        let entry = Order(resting: order, arrival: arrivals)
        arrivals += 1
        let total = update(order.side) { levels in
            if let index = levels.firstIndex(where: { $0.price == order.price }) {
                levels[index].orders.append(entry)
                return levels[index].total
            }
            let index = levels.firstIndex { order.side.isBetter(order.price, than: $0.price) } ?? levels.count
            levels.insert(Level(price: order.price, orders: [entry]), at: index)
            return order.size
        }
        sink.receive(.orderAdded(order.id, owner: order.owner, order.side, price: order.price, size: order.size))
        sink.receive(.levelChanged(order.side, price: order.price, totalSize: total))
    }

    @usableFromInline
    mutating func cancelResting<Sink: EventSink>(_ id: OrderID, reason: CancelReason, into sink: inout Sink) {
        guard let location = locate(id), let order = order(id) else { preconditionFailure("cancel of a checked ID") }
        sink.receive(.cancelled(id, reason, size: order.size))
        remove(at: location, into: &sink)
    }

    @usableFromInline
    mutating func rename<Sink: EventSink>(_ id: OrderID, to newID: OrderID, size: Int64, into sink: inout Sink) {
        guard let (side, level, index) = locate(id), let old = order(id) else { preconditionFailure("rename of a checked ID") }
        update(side) { levels in
            levels[level].orders[index].resting.id = newID
            levels[level].orders[index].resting.size = size
        }
        sink.receive(.orderReplaced(id, newID: newID, size: size))
        if size != old.size {
            sink.receive(.levelChanged(side, price: old.price, totalSize: self.side(side)[level].total))
        }
    }

    @usableFromInline
    mutating func nextExpired(before height: UInt64) -> OrderID? {
        let all = (bids + asks).flatMap(\.orders)
        let due = all.filter { ($0.resting.expiry ?? .max) < height }
        return due.min { ($0.resting.expiry ?? .max, $0.arrival) < ($1.resting.expiry ?? .max, $1.arrival) }?.resting.id
    }

    @usableFromInline
    func orders(of owner: OwnerID) -> [OrderID] {
        (bids + asks).flatMap(\.orders).filter { $0.resting.owner == owner }.map(\.resting.id)
    }

    /// Takes a resting order out and reports the L3 removal and the L2 change.
    private mutating func remove<Sink: EventSink>(at location: (side: Side, level: Int, index: Int), into sink: inout Sink) {
        let (side, level, index) = location
        let removed = update(side) { $0[level].orders.remove(at: index).resting }
        let total = self.side(side)[level].total
        if total == 0 { update(side) { _ = $0.remove(at: level) } }
        sink.receive(.orderRemoved(removed.id))
        sink.receive(.levelChanged(side, price: removed.price, totalSize: total))
    }
}
