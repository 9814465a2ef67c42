/// Read-only views of a `FastBook`, walking its ladders and FIFOs.
extension FastBook {
    @inlinable
    public func order(_ id: OrderID) -> RestingOrder? {
        guard Int(id.rawValue) < idTable.count else { return nil }
        let handle = idTable[Int(id.rawValue)]
        guard handle >= 0 else { return nil }
        let slot = orders[Int(handle)]
        let level = levels[Int(slot.level)]
        return RestingOrder(
            id: slot.id, owner: slot.owner, side: level.side, price: level.price, size: slot.size,
            expiry: slot.expiry == .max ? nil : slot.expiry)
    }

    @inlinable
    public func hasAccepted(_ id: OrderID) -> Bool {
        Int(id.rawValue) < idTable.count && idTable[Int(id.rawValue)] != Self.neverAccepted
    }

    @inlinable
    public func levels(_ side: Side) -> [PriceLevel] {
        levelHandles(side).map {
            let level = levels[Int($0)]
            return PriceLevel(price: level.price, totalSize: level.total, orderCount: Int(level.count))
        }
    }

    @inlinable
    public func bestPrice(_ side: Side) -> Int64? {
        bestLevel(side).map { levels[Int($0)].price }
    }

    @inlinable
    public func levelSize(_ side: Side, price: Int64) -> Int64? {
        let handle = side == .buy ? bids.handle(at: price) : asks.handle(at: price)
        return handle.map { levels[Int($0)].total }
    }

    @inlinable
    public func fillableSize(for order: NewOrder) -> Int64 {
        var fillable: Int64 = 0
        walkCrossing(order) { maker in
            if maker.owner != order.owner {
                fillable += maker.size
            } else if rules.selfTradePolicy.cancelsTaker {
                return false
            }
            return fillable < order.size
        }
        return min(fillable, order.size)
    }

    /// How many resting orders `order` would reach if submitted now: those it would fill and
    /// those self-trade prevention would cancel, walked in priority order until its size is
    /// covered. The walk stops once the count passes `limit` (the answer is then `limit + 1`),
    /// so asking costs at most `limit + 1` steps. A caller that must bound what one batch of
    /// orders touches (a block's settlement) asks before submitting.
    @inlinable
    public func restingOrdersReached(by order: NewOrder, limit: Int) -> Int {
        var reached = 0
        var fillable: Int64 = 0
        walkCrossing(order) { maker in
            reached += 1
            if reached > limit { return false }
            if maker.owner != order.owner {
                fillable += maker.size
            } else if rules.selfTradePolicy.cancelsTaker {
                return false
            }
            return fillable < order.size
        }
        return reached
    }

    /// Visits the resting orders `order` crosses, in priority order (best level first, each
    /// level's FIFO), while `visit` returns true.
    @inlinable
    func walkCrossing(_ order: NewOrder, _ visit: (OrderSlot) -> Bool) {
        for level in levelHandles(order.side.opposite) {
            guard order.side.crosses(limit: order.price, resting: levels[Int(level)].price) else { return }
            var handle = levels[Int(level)].head
            while handle != Self.none {
                let maker = orders[Int(handle)]
                guard visit(maker) else { return }
                handle = maker.next
            }
        }
    }

    @inlinable
    func orders(of owner: OwnerID) -> [OrderID] {
        var found: [OrderID] = []
        for side in Side.allCases {
            for level in levelHandles(side) {
                var handle = levels[Int(level)].head
                while handle != Self.none {
                    if orders[Int(handle)].owner == owner { found.append(orders[Int(handle)].id) }
                    handle = orders[Int(handle)].next
                }
            }
        }
        return found
    }

    /// A side's level handles, best first.
    @inlinable
    func levelHandles(_ side: Side) -> ReversedCollection<ContiguousArray<Int32>> {
        (side == .buy ? bids.handles : asks.handles).reversed()
    }
}
