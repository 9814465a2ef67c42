/// One resting order in `FastBook`'s order pool (48 bytes). A free slot has `level == none`
/// and links the free list through `next`.
struct OrderSlot {
    var size: Int64
    /// `UInt64.max`: no expiry.
    var expiry: UInt64
    /// Unique per rested order; keeps FIFO meaning for the expiry order and tells a live
    /// expiry entry from a stale one.
    var arrival: UInt64
    var id: OrderID
    var owner: OwnerID
    var next: Int32
    var prev: Int32
    var level: Int32

    static func free(next: Int32) -> OrderSlot {
        OrderSlot(
            size: 0, expiry: .max, arrival: .max, id: OrderID(0), owner: OwnerID(0), next: next,
            prev: FastBook.none, level: FastBook.none)
    }
}

/// One price level in `FastBook`'s level pool (32 bytes): a FIFO of order handles. A free
/// slot links the free list through `head`.
struct LevelSlot {
    var price: Int64
    var total: Int64
    var head: Int32
    var tail: Int32
    var count: Int32
    var side: Side

    static func free(next: Int32) -> LevelSlot {
        LevelSlot(price: 0, total: 0, head: next, tail: FastBook.none, count: 0, side: .buy)
    }
}

extension FastBook {
    /// Takes a free order slot; admission has checked one is free.
    mutating func allocateOrder(_ slot: OrderSlot) -> Int32 {
        let handle = freeOrders
        precondition(handle != Self.none, "order pool exhausted despite the room check")
        freeOrders = orders[Int(handle)].next
        orders[Int(handle)] = slot
        restingOrderCount += 1
        return handle
    }

    mutating func releaseOrder(_ handle: Int32) {
        orders[Int(handle)] = .free(next: freeOrders)
        freeOrders = handle
        restingOrderCount -= 1
    }

    /// Takes a free level slot for `price` and puts it on its side's ladder at `index`.
    mutating func allocateLevel(_ side: Side, price: Int64, at index: Int) -> Int32 {
        let handle = freeLevels
        precondition(handle != Self.none, "level pool exhausted despite the room check")
        freeLevels = levels[Int(handle)].head
        levels[Int(handle)] = LevelSlot(price: price, total: 0, head: Self.none, tail: Self.none, count: 0, side: side)
        if side == .buy {
            bids.insert(price: price, handle: handle, at: index)
        } else {
            asks.insert(price: price, handle: handle, at: index)
        }
        return handle
    }

    /// Returns an empty level's slot and takes it off its ladder.
    mutating func releaseLevel(_ handle: Int32) {
        let level = levels[Int(handle)]
        assert(level.count == 0 && level.total == 0, "only an empty level is released")
        if level.side == .buy {
            bids.remove(price: level.price)
        } else {
            asks.remove(price: level.price)
        }
        levels[Int(handle)] = .free(next: freeLevels)
        freeLevels = handle
    }
}
