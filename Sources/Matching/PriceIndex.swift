/// An open-addressing hash table from price to level handle, so a `PriceLadder` finds the
/// level at a price in O(1) instead of a binary search. Linear probing with backward-shift
/// deletion (no tombstones); the table doubles (rehashing) whenever it would pass a load
/// factor of one half, which keeps probes short, so it is never larger than
/// `slotCount(capacity:)` of the most prices it held at once. Deterministic: nothing
/// iterates it but the rehash, whose result is looked up, never listed.
@usableFromInline
struct PriceIndex: Sendable {
    /// Marks an empty slot; prices are always positive.
    @inlinable static var empty: Int64 { 0 }
    /// Slots of an empty table.
    @inlinable static var firstSlotCount: Int { 16 }

    @usableFromInline var prices: ContiguousArray<Int64>
    @usableFromInline var handles: ContiguousArray<Int32>
    @usableFromInline var mask: Int
    /// Prices held.
    @usableFromInline var count = 0

    /// Table slots for `capacity` prices: a power of two, at least twice the capacity.
    @inlinable
    static func slotCount(capacity: Int) -> Int {
        var size = firstSlotCount
        while size < 2 * capacity { size <<= 1 }
        return size
    }

    /// An empty table of `firstSlotCount` slots; it grows as prices are added.
    @inlinable
    init() {
        self.init(slots: Self.firstSlotCount)
    }

    @inlinable
    init(slots: Int) {
        prices = ContiguousArray(repeating: Self.empty, count: slots)
        handles = ContiguousArray(repeating: -1, count: slots)
        mask = slots - 1
    }

    /// Fibonacci hashing: spreads nearby prices (the common case) over the table.
    @inlinable @inline(__always)
    func home(_ price: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: price) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inlinable
    func handle(at price: Int64) -> Int32? {
        var slot = home(price)
        while prices[slot] != Self.empty {
            if prices[slot] == price { return handles[slot] }
            slot = (slot &+ 1) & mask
        }
        return nil
    }

    /// Adds a price that is not present, first doubling the table if it would be over half full.
    @inlinable
    mutating func insert(_ price: Int64, handle: Int32) {
        assert(price != Self.empty && self.handle(at: price) == nil, "insert of a new, positive price")
        if 2 * (count + 1) > prices.count { grow() }
        place(price, handle: handle)
        count += 1
    }

    @inlinable @inline(__always)
    mutating func place(_ price: Int64, handle: Int32) {
        var slot = home(price)
        while prices[slot] != Self.empty { slot = (slot &+ 1) & mask }
        prices[slot] = price
        handles[slot] = handle
    }

    /// Moves every entry into a table twice the size.
    @inlinable @inline(never)
    mutating func grow() {
        var larger = PriceIndex(slots: prices.count * 2)
        for slot in prices.indices where prices[slot] != Self.empty {
            larger.place(prices[slot], handle: handles[slot])
        }
        larger.count = count
        self = larger
    }

    /// Removes a present price, shifting later entries of its probe run back so every
    /// remaining entry stays reachable from its home slot.
    @inlinable
    mutating func remove(_ price: Int64) {
        var hole = home(price)
        while prices[hole] != price {
            precondition(prices[hole] != Self.empty, "removal of a missing price")
            hole = (hole &+ 1) & mask
        }
        var next = (hole &+ 1) & mask
        while prices[next] != Self.empty {
            let wanted = home(prices[next])
            // Move the entry into the hole unless its home lies cyclically in (hole, next].
            let stays = hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next)
            if !stays {
                prices[hole] = prices[next]
                handles[hole] = handles[next]
                hole = next
            }
            next = (next &+ 1) & mask
        }
        prices[hole] = Self.empty
        handles[hole] = -1
        count -= 1
    }
}
