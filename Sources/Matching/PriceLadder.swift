/// The price levels of one side of a `FastBook`, sorted so the best level is last: the busy
/// end of a book is near the best price, where inserting and removing moves few elements and
/// taking the best is O(1). Lookup by price goes through a `PriceIndex` (O(1)); the binary
/// search over the dense key array is needed only to add or remove a level.
@usableFromInline
struct PriceLadder: Sendable {
    @usableFromInline let side: Side
    /// Sort keys, ascending: the price for bids, the negated price for asks, so for both
    /// sides a larger key is a better price.
    @usableFromInline var keys: ContiguousArray<Int64>
    /// The level handle of each key.
    @usableFromInline var handles: ContiguousArray<Int32>
    /// Price to level handle.
    @usableFromInline var index: PriceIndex

    /// The most levels this side may hold (the book's level limit).
    @usableFromInline let capacity: Int

    /// An empty side; its arrays grow with its levels, up to `capacity`.
    @inlinable
    init(side: Side, capacity: Int) {
        self.side = side
        self.capacity = capacity
        keys = []
        handles = []
        index = PriceIndex()
    }

    @inlinable var count: Int { keys.count }

    /// The best level's handle.
    @inlinable var best: Int32? { handles.last }

    @inlinable @inline(__always)
    func key(_ price: Int64) -> Int64 { side == .buy ? price : -price }

    @inlinable @inline(__always)
    func price(at index: Int) -> Int64 { side == .buy ? keys[index] : -keys[index] }

    /// Where `price` is, or where it would be inserted to keep the order.
    @inlinable
    func position(of price: Int64) -> (index: Int, found: Bool) {
        let key = key(price)
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low &+ high) >> 1
            if keys[mid] < key { low = mid &+ 1 } else { high = mid }
        }
        return (low, low < keys.count && keys[low] == key)
    }

    /// The level at `price`, if any.
    @inlinable
    func handle(at price: Int64) -> Int32? { index.handle(at: price) }

    @inlinable
    mutating func insert(price: Int64, handle: Int32, at index: Int) {
        // Level counts are bounded by BookCapacity (admission checks the room).
        keys.reserveRoomForOne(limit: capacity)
        handles.reserveRoomForOne(limit: capacity)
        keys.insert(key(price), at: index)
        handles.insert(handle, at: index)
        self.index.insert(price, handle: handle)
    }

    /// Removes the level at `price`, which must be present.
    @inlinable
    mutating func remove(price: Int64) {
        index.remove(price)
        if let last = keys.last, last == key(price) {
            keys.removeLast()
            handles.removeLast()
            return
        }
        let (index, found) = position(of: price)
        precondition(found, "ladder removal of a missing level")
        keys.remove(at: index)
        handles.remove(at: index)
    }
}
