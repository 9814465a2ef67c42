/// One resting order in `FastBook`'s order pool (48 bytes). A free slot has `level == none`
/// and links the free list through `next`.
@usableFromInline
struct OrderSlot: Sendable {
    @usableFromInline var size: Int64
    /// `UInt64.max`: no expiry.
    @usableFromInline var expiry: UInt64
    /// Unique per rested order; keeps FIFO meaning for the expiry order and tells a live
    /// expiry entry from a stale one.
    @usableFromInline var arrival: UInt64
    @usableFromInline var id: OrderID
    @usableFromInline var owner: OwnerID
    @usableFromInline var next: Int32
    @usableFromInline var prev: Int32
    @usableFromInline var level: Int32

    @inlinable
    init(size: Int64, expiry: UInt64, arrival: UInt64, id: OrderID, owner: OwnerID, next: Int32, prev: Int32, level: Int32) {
        self.size = size
        self.expiry = expiry
        self.arrival = arrival
        self.id = id
        self.owner = owner
        self.next = next
        self.prev = prev
        self.level = level
    }

    @inlinable
    static func free(next: Int32) -> OrderSlot {
        OrderSlot(
            size: 0, expiry: .max, arrival: .max, id: OrderID(0), owner: OwnerID(0), next: next,
            prev: FastBook.none, level: FastBook.none)
    }
}

/// One price level in `FastBook`'s level pool (32 bytes): a FIFO of order handles. A free
/// slot links the free list through `head`.
@usableFromInline
struct LevelSlot: Sendable {
    @usableFromInline var price: Int64
    @usableFromInline var total: Int64
    @usableFromInline var head: Int32
    @usableFromInline var tail: Int32
    @usableFromInline var count: Int32
    @usableFromInline var side: Side

    @inlinable
    init(price: Int64, total: Int64, head: Int32, tail: Int32, count: Int32, side: Side) {
        self.price = price
        self.total = total
        self.head = head
        self.tail = tail
        self.count = count
        self.side = side
    }

    @inlinable
    static func free(next: Int32) -> LevelSlot {
        LevelSlot(price: 0, total: 0, head: next, tail: FastBook.none, count: 0, side: .buy)
    }
}

extension FastBook {
    /// Takes a free order slot, the one freed last, or else a new one at the end of the
    /// pool (the same handles, in the same order, as a pool allocated whole would give).
    /// Admission has checked there is room, so a new slot stays under the limit.
    @inlinable
    mutating func allocateOrder(_ slot: OrderSlot) -> Int32 {
        let handle = freeOrders
        restingCount += 1
        guard handle == Self.none else {
            freeOrders = orders[Int(handle)].next
            orders[Int(handle)] = slot
            return handle
        }
        precondition(orders.count < capacity.maxRestingOrders, "order pool exhausted despite the room check")
        orders.reserveRoomForOne(limit: capacity.maxRestingOrders)
        orders.append(slot)
        return Int32(truncatingIfNeeded: orders.count &- 1)
    }

    @inlinable
    mutating func releaseOrder(_ handle: Int32) {
        orders[Int(handle)] = .free(next: freeOrders)
        freeOrders = handle
        restingCount -= 1
    }

    /// Takes a free level slot for `price` and puts it on its side's ladder at `index`.
    /// Like `allocateOrder`, the pool appends a slot when its free list is empty.
    @inlinable
    mutating func allocateLevel(_ side: Side, price: Int64, at index: Int) -> Int32 {
        var handle = freeLevels
        let level = LevelSlot(price: price, total: 0, head: Self.none, tail: Self.none, count: 0, side: side)
        if handle != Self.none {
            freeLevels = levels[Int(handle)].head
            levels[Int(handle)] = level
        } else {
            precondition(levels.count < capacity.maxPriceLevels, "level pool exhausted despite the room check")
            levels.reserveRoomForOne(limit: capacity.maxPriceLevels)
            levels.append(level)
            handle = Int32(truncatingIfNeeded: levels.count &- 1)
        }
        if side == .buy {
            bids.insert(price: price, handle: handle, at: index)
        } else {
            asks.insert(price: price, handle: handle, at: index)
        }
        return handle
    }

    /// Returns an empty level's slot and takes it off its ladder.
    @inlinable
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

extension ExpiryQueue.Entry {
    /// True while the order this entry was made for still rests: its slot is in use and holds
    /// the same arrival (slots are reused, arrivals never are).
    @inlinable
    func isLive(in orders: ContiguousArray<OrderSlot>) -> Bool {
        let slot = orders[Int(handle)]
        return slot.level != FastBook.none && slot.arrival == arrival
    }
}
