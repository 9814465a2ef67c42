/// A full structural check of a `FastBook`, for tests and debugging (O(size of the pools)).
extension FastBook {
    /// The first broken structural invariant, or `nil` when all hold: every allocated order
    /// and level slot is either in use or on its free list (exactly once); each level's FIFO
    /// links both ways and its count and total match its orders; ladders are sorted, agree
    /// with their price indexes and with the levels' prices and sides; the ID table maps each
    /// resting ID to its slot; the counts match; no pool is past its limit.
    public func _checkInvariants() -> String? {
        guard orders.count <= capacity.maxRestingOrders,
            Self.allocated(orders, within: capacity.maxRestingOrders)
        else {
            return
                "order pool \(orders.count) (allocated \(orders.capacity)) past its limit \(capacity.maxRestingOrders)"
        }
        guard levels.count <= capacity.maxPriceLevels,
            Self.allocated(levels, within: capacity.maxPriceLevels)
        else {
            return
                "level pool \(levels.count) (allocated \(levels.capacity)) past its limit \(capacity.maxPriceLevels)"
        }
        guard idTable.count <= Int(capacity.maxOrderIDs),
            Self.allocated(idTable, within: Int(capacity.maxOrderIDs))
        else {
            return
                "ID table \(idTable.count) (allocated \(idTable.capacity)) past the ID space \(capacity.maxOrderIDs)"
        }
        guard Self.allocated(expiries.entries, within: capacity.maxRestingOrders) else {
            return "expiry queue allocated \(expiries.entries.capacity) past \(capacity.maxRestingOrders)"
        }
        var orderSeen = [Bool](repeating: false, count: orders.count)
        var levelSeen = [Bool](repeating: false, count: levels.count)
        if let broken = checkFreeLists(orderSeen: &orderSeen, levelSeen: &levelSeen) { return broken }
        var resting = 0
        for ladder in [bids, asks] {
            if let broken = checkLadder(
                ladder, resting: &resting, orderSeen: &orderSeen, levelSeen: &levelSeen)
            {
                return broken
            }
        }
        guard resting == restingCount else {
            return "resting count \(restingCount), found \(resting) orders"
        }
        if let slot = orderSeen.firstIndex(of: false) {
            return "order slot \(slot) neither resting nor free"
        }
        if let slot = levelSeen.firstIndex(of: false) {
            return "level slot \(slot) neither in use nor free"
        }
        for (raw, handle) in idTable.enumerated() where handle >= 0 {
            guard Int(handle) < orders.count, orders[Int(handle)].level != Self.none,
                orders[Int(handle)].id.rawValue == raw
            else {
                return "ID \(raw) maps to slot \(handle), which does not hold it"
            }
        }
        return nil
    }

    /// True when `pool` allocated at most `limit` elements, give or take what malloc rounds
    /// the last allocation up by (under one page), which the array counts as capacity.
    static func allocated<Element>(_ pool: ContiguousArray<Element>, within limit: Int) -> Bool {
        pool.capacity <= limit
            || (pool.capacity - limit) * MemoryLayout<Element>.stride < 4_096
                + MemoryLayout<Element>.stride
    }

    /// Walks both free lists, marking their slots; a slot met twice means a cycle or a
    /// double free.
    func checkFreeLists(orderSeen: inout [Bool], levelSeen: inout [Bool]) -> String? {
        var handle = freeOrders
        while handle != Self.none {
            guard Int(handle) < orders.count, !orderSeen[Int(handle)] else {
                return "free order list broken at \(handle)"
            }
            guard orders[Int(handle)].level == Self.none else {
                return "free order slot \(handle) marked in use"
            }
            orderSeen[Int(handle)] = true
            handle = orders[Int(handle)].next
        }
        handle = freeLevels
        while handle != Self.none {
            guard Int(handle) < levels.count, !levelSeen[Int(handle)] else {
                return "free level list broken at \(handle)"
            }
            levelSeen[Int(handle)] = true
            handle = levels[Int(handle)].head
        }
        return nil
    }

    /// Checks one side: sorted keys, index agreement, and each level's FIFO.
    func checkLadder(
        _ ladder: PriceLadder, resting: inout Int, orderSeen: inout [Bool], levelSeen: inout [Bool]
    ) -> String? {
        guard ladder.keys.count == ladder.handles.count, ladder.index.count == ladder.keys.count else {
            return
                "\(ladder.side) ladder: \(ladder.keys.count) keys, \(ladder.handles.count) handles, \(ladder.index.count) indexed"
        }
        guard 2 * ladder.index.count <= ladder.index.prices.count else {
            return "\(ladder.side) price index over half full"
        }
        for (position, level) in ladder.handles.enumerated() {
            let price = ladder.price(at: position)
            if position > 0, ladder.keys[position - 1] >= ladder.keys[position] {
                return "\(ladder.side) ladder unsorted at \(price)"
            }
            guard Int(level) < levels.count, !levelSeen[Int(level)] else {
                return "level slot \(level) listed twice or free"
            }
            levelSeen[Int(level)] = true
            let slot = levels[Int(level)]
            guard slot.price == price, slot.side == ladder.side, ladder.handle(at: price) == level else {
                return
                    "\(ladder.side) level \(level) at \(price) disagrees with its slot or the price index"
            }
            var count: Int32 = 0
            var total: Int64 = 0
            var previous = Self.none
            var handle = slot.head
            while handle != Self.none {
                guard Int(handle) < orders.count, !orderSeen[Int(handle)] else {
                    return "order slot \(handle) listed twice or free"
                }
                orderSeen[Int(handle)] = true
                let order = orders[Int(handle)]
                guard order.level == level, order.prev == previous, order.size > 0 else {
                    return "order slot \(handle) badly linked in level \(level)"
                }
                guard Int(order.id.rawValue) < idTable.count, idTable[Int(order.id.rawValue)] == handle
                else {
                    return "resting order \(order.id) missing from the ID table"
                }
                count += 1
                total += order.size
                previous = handle
                handle = order.next
            }
            guard slot.tail == previous, slot.count == count, slot.total == total, count > 0 else {
                return
                    "level \(level) at \(price): tail, count \(slot.count) or total \(slot.total) disagree with its orders"
            }
            resting += Int(count)
        }
        return nil
    }
}
