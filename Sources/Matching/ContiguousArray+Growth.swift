/// How a `FastBook`'s pools grow: geometrically (amortized O(1) per element), from a small
/// first allocation, and never past the book's limit, so a `BookCapacity` is a bound on
/// memory, not an allocation. Elements keep their indices when the storage moves, which is
/// why the book links its structs by `Int32` index and never by pointer.
extension ContiguousArray {
    /// Elements of a pool's first allocation: an idle book costs a few hundred bytes a pool.
    @inlinable static var firstAllocation: Int { 16 }

    /// The allocation after one of `count` elements: double it, at least `firstAllocation`
    /// and at least `needed`, at most `limit`.
    @inlinable
    static func grownCapacity(from count: Int, needed: Int, limit: Int) -> Int {
        Swift.min(Swift.max(count &* 2, firstAllocation, needed), limit)
    }

    /// Makes room to append one element to a pool holding at most `limit` elements; the
    /// caller has checked `count < limit`. (The standard library's own growth on append
    /// would also double, but could allocate up to twice the limit.)
    @inlinable @inline(__always)
    mutating func reserveRoomForOne(limit: Int) {
        guard count == capacity else { return }
        growCapacity(limit: limit)
    }

    @inlinable @inline(never)
    mutating func growCapacity(limit: Int) {
        precondition(count < limit, "pool growth past its limit")
        reserveCapacity(Self.grownCapacity(from: count, needed: count + 1, limit: limit))
    }
}
