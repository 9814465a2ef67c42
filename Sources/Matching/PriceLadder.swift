/// The price levels of one side of a `FastBook`, sorted so the best level is last: the busy
/// end of a book is near the best price, where inserting and removing moves few elements and
/// taking the best is O(1). Lookup by price is a binary search over a dense key array.
struct PriceLadder {
    let side: Side
    /// Sort keys, ascending: the price for bids, the negated price for asks, so for both
    /// sides a larger key is a better price.
    private(set) var keys: ContiguousArray<Int64>
    /// The level handle of each key.
    private(set) var handles: ContiguousArray<Int32>

    init(side: Side, capacity: Int) {
        self.side = side
        keys = []
        handles = []
        keys.reserveCapacity(capacity)
        handles.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    /// The best level's handle.
    var best: Int32? { handles.last }

    @inline(__always)
    func key(_ price: Int64) -> Int64 { side == .buy ? price : -price }

    @inline(__always)
    func price(at index: Int) -> Int64 { side == .buy ? keys[index] : -keys[index] }

    /// Where `price` is, or where it would be inserted to keep the order.
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
    func handle(at price: Int64) -> Int32? {
        let (index, found) = position(of: price)
        return found ? handles[index] : nil
    }

    mutating func insert(price: Int64, handle: Int32, at index: Int) {
        // No capacity assertion: a copied book (the chain copies its books per block, copy on
        // write) has arrays sized to their contents; level counts are bounded by BookCapacity.
        keys.insert(key(price), at: index)
        handles.insert(handle, at: index)
    }

    /// Removes the level at `price`, which must be present.
    mutating func remove(price: Int64) {
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
