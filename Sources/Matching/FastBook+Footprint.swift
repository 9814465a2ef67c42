/// What a `FastBook`'s pools cost per slot, and in total when every limit of its
/// `BookCapacity` is reached (the most a book can allocate; it allocates as it grows).
public struct MemoryFootprint: Sendable, Hashable {
    /// Bytes reserved per resting-order slot: the order slot and its expiry-queue entry.
    public let bytesPerOrder: Int
    /// Bytes reserved per price-level slot, rounded up: the level slot, and in each side's
    /// ladder (either side may hold every level) a key and handle plus its price-index share.
    public let bytesPerLevel: Int
    /// Bytes per order ID in the ID space (the ID-to-handle table).
    public let bytesPerOrderID: Int
    /// Everything the pools hold with every limit reached.
    public let totalBytes: Int
}

/// What one `FastBook` has allocated now: slots per pool (allocated, in use or free) and
/// their bytes. Grows with the most orders, levels and the highest ID the book has held,
/// never past its `BookCapacity`.
public struct BookAllocation: Sendable, Hashable {
    /// Order slots allocated.
    public let orderSlots: Int
    /// Level slots allocated.
    public let levelSlots: Int
    /// ID-table entries allocated.
    public let orderIDSlots: Int
    /// Expiry-queue entries allocated.
    public let expirySlots: Int
    /// Price-index slots of both sides.
    public let priceIndexSlots: Int
    /// Bytes of all pools, ladders and indexes (not the book's own fixed-size struct).
    public let totalBytes: Int
}

extension FastBook {
    /// The pool sizes a book of `capacity` holds at most, with every limit reached.
    public static func footprint(_ capacity: BookCapacity) -> MemoryFootprint {
        let perOrder = MemoryLayout<OrderSlot>.stride + MemoryLayout<ExpiryQueue.Entry>.stride
        let entry = MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride
        let levels = capacity.maxPriceLevels
        let levelBytes =
            MemoryLayout<LevelSlot>.stride * levels
            + 2 * entry * (levels + PriceIndex.slotCount(capacity: levels))
        let perLevel = (levelBytes + levels - 1) / levels
        let perID = MemoryLayout<Int32>.stride
        let total = perOrder * capacity.maxRestingOrders + levelBytes + perID * Int(capacity.maxOrderIDs)
        return MemoryFootprint(bytesPerOrder: perOrder, bytesPerLevel: perLevel, bytesPerOrderID: perID, totalBytes: total)
    }
}

extension FastBook {
    /// The pools as allocated now (array capacities, so growth slack included).
    public var allocation: BookAllocation {
        let ladderEntry = MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride
        let ladders = [bids, asks]
        let ladderBytes = ladders.reduce(0) {
            $0 + MemoryLayout<Int64>.stride * $1.keys.capacity + MemoryLayout<Int32>.stride * $1.handles.capacity
                + ladderEntry * $1.index.prices.count
        }
        let indexSlots = ladders.reduce(0) { $0 + $1.index.prices.count }
        let bytes =
            MemoryLayout<OrderSlot>.stride * orders.capacity + MemoryLayout<LevelSlot>.stride * levels.capacity
            + MemoryLayout<Int32>.stride * idTable.capacity + MemoryLayout<ExpiryQueue.Entry>.stride * expiries.entries.capacity
            + ladderBytes
        return BookAllocation(
            orderSlots: orders.capacity, levelSlots: levels.capacity, orderIDSlots: idTable.capacity,
            expirySlots: expiries.entries.capacity, priceIndexSlots: indexSlots, totalBytes: bytes)
    }
}
