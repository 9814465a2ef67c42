/// The checks an operation must pass before it may change a book, in the order they run
/// (docs/MATCHING.md lists the order; the first broken rule is the one reported).
extension BookStorage {
    /// Checks a new order: ID space, fresh ID, price, size, expiry, then what its time in
    /// force needs (room to rest, post-only not crossing, fill-or-kill fully fillable).
    @inlinable
    func admit(_ order: NewOrder) throws(MatchingError) {
        try checkFresh(order.id)
        try rules.check(price: order.price)
        try rules.check(size: order.size)
        if let expiry = order.expiry, expiry < height { throw .expiryPassed(expiry: expiry, height: height) }
        switch order.timeInForce {
        case .goodTillCancel:
            try checkRoom(order.side, price: order.price, freeing: nil)
        case .postOnly:
            if let best = bestPrice(order.side.opposite), order.side.crosses(limit: order.price, resting: best) {
                throw .postOnlyWouldCross(price: order.price, oppositeBest: best)
            }
            try checkRoom(order.side, price: order.price, freeing: nil)
        case .fillOrKill:
            let fillable = fillableSize(for: order)
            guard fillable >= order.size else { throw .fokUnfillable(size: order.size, fillable: fillable) }
        case .immediateOrCancel:
            break
        }
    }

    /// Checks a replace: the old order rests, the new ID differs and is fresh, the new price
    /// and size are valid, and there is room once the old order is gone. Returns the old order.
    @inlinable
    func admit(_ request: ReplaceRequest) throws(MatchingError) -> RestingOrder {
        guard let old = order(request.id) else { throw .unknownOrderID(request.id) }
        guard request.newID != request.id else { throw .invalidReplace(request.id) }
        try checkFresh(request.newID)
        try rules.check(price: request.price)
        try rules.check(size: request.size)
        if !keepsPlace(old, request) {
            try checkRoom(old.side, price: request.price, freeing: old)
        }
        return old
    }

    /// True when a replace keeps the order's queue position: same price, size not up.
    @inlinable
    func keepsPlace(_ old: RestingOrder, _ request: ReplaceRequest) -> Bool {
        request.price == old.price && request.size <= old.size
    }

    @inlinable
    func checkFresh(_ id: OrderID) throws(MatchingError) {
        try capacity.check(id)
        guard !hasAccepted(id) else { throw .duplicateOrderID(id) }
    }

    /// Room for one more resting order at `price`, counted before matching (so a refusal
    /// changes nothing), after `freeing` leaves the book if given. Matching only ever removes
    /// orders, so the room is still there when the remainder rests.
    @inlinable
    func checkRoom(_ side: Side, price: Int64, freeing old: RestingOrder?) throws(MatchingError) {
        var orders = restingOrderCount
        var levels = priceLevelCount
        if let old {
            orders -= 1
            // The old order's level disappears when it is alone there (its size is the total).
            if old.price != price, levelSize(old.side, price: old.price) == old.size { levels -= 1 }
        }
        try capacity.checkRoom(
            restingOrders: orders, priceLevels: levels, needsNewLevel: levelSize(side, price: price) == nil)
    }
}
