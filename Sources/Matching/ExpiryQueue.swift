/// A binary min-heap of resting orders with an expiry height, ordered by (expiry, arrival) so
/// orders expire in a deterministic order. Entries of orders that left the book early stay
/// until popped or compacted away; the owner tells which entries are still live.
@usableFromInline
struct ExpiryQueue: Sendable {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline let expiry: UInt64
        @usableFromInline let arrival: UInt64
        @usableFromInline let handle: Int32

        @inlinable
        init(expiry: UInt64, arrival: UInt64, handle: Int32) {
            self.expiry = expiry
            self.arrival = arrival
            self.handle = handle
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            expiry != other.expiry ? expiry < other.expiry : arrival < other.arrival
        }
    }

    @usableFromInline var entries: ContiguousArray<Entry>
    @usableFromInline let capacity: Int

    /// At most `capacity` entries, allocated as they come; a book passes its resting-order
    /// limit, so after dropping dead entries there is always room for the order being added.
    @inlinable
    init(capacity: Int) {
        self.capacity = capacity
        entries = []
    }

    @inlinable var top: Entry? { entries.first }

    /// Adds an entry; when full, first drops every entry `isLive` refuses.
    @inlinable
    mutating func push(_ entry: Entry, isLive: (Entry) -> Bool) {
        if entries.count == capacity { compact(isLive) }
        precondition(entries.count < capacity, "expiry queue holds at most one entry per resting order")
        entries.reserveRoomForOne(limit: capacity)
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    @inlinable
    mutating func pop() {
        precondition(!entries.isEmpty, "pop of an empty expiry queue")
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        siftDown(0)
    }

    @inlinable
    mutating func compact(_ isLive: (Entry) -> Bool) {
        entries.removeAll { !isLive($0) }
        // Floyd's heap construction: sift down every parent, last first.
        for index in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var first = parent
            let left = 2 * parent + 1
            let right = left + 1
            if left < entries.count, entries[left].precedes(entries[first]) { first = left }
            if right < entries.count, entries[right].precedes(entries[first]) { first = right }
            guard first != parent else { return }
            entries.swapAt(parent, first)
            parent = first
        }
    }
}
