/// What a `FastBook`'s preallocated pools cost, per slot and in total.
public struct MemoryFootprint: Sendable, Hashable {
    /// Bytes reserved per resting-order slot: the order slot and its expiry-queue entry.
    public let bytesPerOrder: Int
    /// Bytes reserved per price-level slot, rounded up: the level slot, and in each side's
    /// ladder (either side may hold every level) a key and handle plus its price-index share.
    public let bytesPerLevel: Int
    /// Bytes per order ID in the ID space (the ID-to-handle table).
    public let bytesPerOrderID: Int
    /// Everything the pools reserve for the capacity.
    public let totalBytes: Int
}

extension FastBook {
    /// The pool sizes a book of `capacity` allocates at init.
    public static func footprint(_ capacity: BookCapacity) -> MemoryFootprint {
        let perOrder = MemoryLayout<OrderSlot>.stride + MemoryLayout<ExpiryQueue.Entry>.stride
        let entry = MemoryLayout<Int64>.stride + MemoryLayout<Int32>.stride
        let levels = capacity.maxPriceLevels
        let levelBytes = MemoryLayout<LevelSlot>.stride * levels
            + 2 * entry * (levels + PriceIndex.slotCount(capacity: levels))
        let perLevel = (levelBytes + levels - 1) / levels
        let perID = MemoryLayout<Int32>.stride
        let total = perOrder * capacity.maxRestingOrders + levelBytes + perID * Int(capacity.maxOrderIDs)
        return MemoryFootprint(bytesPerOrder: perOrder, bytesPerLevel: perLevel, bytesPerOrderID: perID, totalBytes: total)
    }
}
