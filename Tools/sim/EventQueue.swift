/// Pending events of one simulated world, ordered by (time, sequence number): events due at
/// the same virtual millisecond run in the order they were scheduled, so a run depends on
/// the seed alone. A binary min-heap.
struct EventQueue<Payload> {
    struct Entry {
        let timeMs: UInt64
        let sequence: UInt64
        let payload: Payload

        /// Earlier time first, then the earlier scheduled (compared field by field: a tuple
        /// comparison is generic, and slow, in a debug build).
        func precedes(_ other: Entry) -> Bool {
            timeMs != other.timeMs ? timeMs < other.timeMs : sequence < other.sequence
        }
    }

    /// Most events pending at once: a runaway schedule (a message storm) stops the run with a
    /// clear error instead of eating the machine.
    static var eventsMax: Int { 2_000_000 }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var count: Int { heap.count }
    var isEmpty: Bool { heap.isEmpty }
    /// When the earliest event is due.
    var nextTimeMs: UInt64? { heap.first?.timeMs }
    /// How many events were ever scheduled.
    var scheduledCount: UInt64 { nextSequence }

    /// Schedules `payload` at `timeMs`; false (and nothing scheduled) when `eventsMax` are pending.
    @discardableResult
    mutating func schedule(_ payload: Payload, atMs timeMs: UInt64) -> Bool {
        guard heap.count < Self.eventsMax else { return false }
        heap.append(Entry(timeMs: timeMs, sequence: nextSequence, payload: payload))
        nextSequence += 1
        siftUp(heap.count - 1)
        return true
    }

    /// Removes and returns the earliest event.
    mutating func pop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
