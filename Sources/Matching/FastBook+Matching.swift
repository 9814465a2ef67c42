/// Matching and the changes it makes to the pools; the hot path of the exchange.
extension FastBook {
    @inlinable
    mutating func markAccepted(_ id: OrderID) {
        if Int(id.rawValue) >= idTable.count { growIDTable(toCover: id) }
        assert(idTable[Int(id.rawValue)] == Self.neverAccepted, "admission checks the ID is fresh")
        idTable[Int(id.rawValue)] = Self.noLongerResting
    }

    /// Extends the ID table (new entries: never accepted) to cover `id`, at least doubling
    /// it, up to `maxOrderIDs` entries; admission has checked `id` is in the ID space.
    @inlinable @inline(never)
    mutating func growIDTable(toCover id: OrderID) {
        let limit = Int(capacity.maxOrderIDs)
        precondition(Int(id.rawValue) < limit, "ID table growth past the ID space")
        let target = ContiguousArray<Int32>.grownCapacity(from: idTable.count, needed: Int(id.rawValue) + 1, limit: limit)
        idTable.reserveCapacity(target)
        idTable.append(contentsOf: repeatElement(Self.neverAccepted, count: target - idTable.count))
    }

    @inlinable
    mutating func setHeight(_ height: UInt64) { currentHeight = height }

    @inlinable @inline(__always)
    func bestLevel(_ side: Side) -> Int32? { side == .buy ? bids.best : asks.best }

    @inlinable
    mutating func sweep<Sink: EventSink>(_ taker: inout Taker, into sink: inout Sink) -> SweepEnd {
        let opposite = taker.side.opposite
        let policy = rules.selfTradePolicy
        while taker.remaining > 0, let level = bestLevel(opposite) {
            let price = levels[Int(level)].price
            guard taker.side.crosses(limit: taker.price, resting: price) else { break }
            let handle = levels[Int(level)].head
            let maker = orders[Int(handle)]
            if maker.owner == taker.owner {
                if policy.cancelsResting { cancel(handle, reason: .stp, into: &sink) }
                if policy.cancelsTaker { return .stoppedBySelfTrade }
                continue
            }
            let size = min(maker.size, taker.remaining)
            taker.remaining -= size
            sink.receive(.fill(rules.fill(maker: maker.id, taker: taker.id, takerSide: taker.side, price: price, size: size)))
            if size == maker.size {
                remove(handle, into: &sink)
            } else {
                orders[Int(handle)].size -= size
                levels[Int(level)].total -= size
                sink.receive(.orderReduced(maker.id, size: maker.size - size))
                sink.receive(.levelChanged(opposite, price: price, totalSize: levels[Int(level)].total))
            }
        }
        return .done
    }

    @inlinable
    mutating func rest<Sink: EventSink>(_ order: RestingOrder, into sink: inout Sink) {
        let level = levelHandle(order.side, price: order.price)
        let arrival = arrivals
        arrivals += 1
        let handle = allocateOrder(
            OrderSlot(
                size: order.size, expiry: order.expiry ?? .max, arrival: arrival, id: order.id, owner: order.owner,
                next: Self.none, prev: levels[Int(level)].tail, level: level))
        link(handle, into: level)
        idTable[Int(order.id.rawValue)] = handle
        if let expiry = order.expiry {
            let orders = self.orders
            expiries.push(ExpiryQueue.Entry(expiry: expiry, arrival: arrival, handle: handle)) { $0.isLive(in: orders) }
        }
        sink.receive(.orderAdded(order.id, owner: order.owner, order.side, price: order.price, size: order.size))
        sink.receive(.levelChanged(order.side, price: order.price, totalSize: levels[Int(level)].total))
    }

    @inlinable
    mutating func cancelResting<Sink: EventSink>(_ id: OrderID, reason: CancelReason, into sink: inout Sink) {
        let handle = idTable[Int(id.rawValue)]
        precondition(handle >= 0, "cancel of a checked ID")
        cancel(handle, reason: reason, into: &sink)
    }

    @inlinable
    mutating func rename<Sink: EventSink>(_ id: OrderID, to newID: OrderID, size: Int64, into sink: inout Sink) {
        let handle = idTable[Int(id.rawValue)]
        precondition(handle >= 0, "rename of a checked ID")
        let slot = orders[Int(handle)]
        assert(size <= slot.size, "a rename never grows the order")
        idTable[Int(id.rawValue)] = Self.noLongerResting
        idTable[Int(newID.rawValue)] = handle
        orders[Int(handle)].id = newID
        orders[Int(handle)].size = size
        levels[Int(slot.level)].total -= slot.size - size
        sink.receive(.orderReplaced(id, newID: newID, size: size))
        if size != slot.size {
            let level = levels[Int(slot.level)]
            sink.receive(.levelChanged(level.side, price: level.price, totalSize: level.total))
        }
    }

    @inlinable
    mutating func nextExpired(before height: UInt64) -> OrderID? {
        while let entry = expiries.top, entry.expiry < height {
            expiries.pop()
            if entry.isLive(in: orders) { return orders[Int(entry.handle)].id }
        }
        return nil
    }

    /// The level at `price`, made (empty) if there is none; admission has checked the room.
    @inlinable
    mutating func levelHandle(_ side: Side, price: Int64) -> Int32 {
        if let handle = side == .buy ? bids.handle(at: price) : asks.handle(at: price) { return handle }
        let index = side == .buy ? bids.position(of: price).index : asks.position(of: price).index
        return allocateLevel(side, price: price, at: index)
    }

    @inlinable
    mutating func cancel<Sink: EventSink>(_ handle: Int32, reason: CancelReason, into sink: inout Sink) {
        let slot = orders[Int(handle)]
        sink.receive(.cancelled(slot.id, reason, size: slot.size))
        remove(handle, into: &sink)
    }

    /// Takes a resting order out of its level and the pool, reporting the L3 removal and the
    /// L2 change; releases the level when it empties.
    @inlinable
    mutating func remove<Sink: EventSink>(_ handle: Int32, into sink: inout Sink) {
        let slot = orders[Int(handle)]
        unlink(handle)
        idTable[Int(slot.id.rawValue)] = Self.noLongerResting
        releaseOrder(handle)
        let level = levels[Int(slot.level)]
        sink.receive(.orderRemoved(slot.id))
        sink.receive(.levelChanged(level.side, price: level.price, totalSize: level.total))
        if level.count == 0 { releaseLevel(slot.level) }
    }

    /// Appends an order (its `prev` already set to the old tail) to its level's FIFO.
    @inlinable
    mutating func link(_ handle: Int32, into level: Int32) {
        let tail = levels[Int(level)].tail
        if tail == Self.none {
            levels[Int(level)].head = handle
        } else {
            orders[Int(tail)].next = handle
        }
        levels[Int(level)].tail = handle
        levels[Int(level)].count += 1
        levels[Int(level)].total += orders[Int(handle)].size
    }

    @inlinable
    mutating func unlink(_ handle: Int32) {
        let slot = orders[Int(handle)]
        let level = Int(slot.level)
        if slot.prev == Self.none { levels[level].head = slot.next } else { orders[Int(slot.prev)].next = slot.next }
        if slot.next == Self.none { levels[level].tail = slot.prev } else { orders[Int(slot.next)].prev = slot.prev }
        levels[level].count -= 1
        levels[level].total -= slot.size
    }
}
