import Foundation

/// A first-in first-out queue between threads with a fixed capacity: `offer` never waits
/// and fails when full, so a flood of requests is refused at the door instead of growing
/// memory; `take` waits a bounded time for work.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    public let capacity: Int
    // `condition` guards everything below it.
    private let condition = NSCondition()
    private var items: [Element] = []
    /// Index of the oldest item in `items`; the consumed prefix is dropped in bulk.
    private var head = 0
    private var closed = false

    public init(capacity: Int) {
        precondition(capacity > 0, "a queue holds at least one item")
        self.capacity = capacity
    }

    /// Items waiting.
    public var count: Int { locked { items.count - head } }

    /// Adds `item` unless the queue is full or closed; never waits.
    public func offer(_ item: Element) -> Bool {
        locked {
            guard !closed, items.count - head < capacity else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }
    }

    /// Adds `item`, waiting up to `waitMs` for room; false when the time runs out or the
    /// queue is closed. For a pipeline stage that must not drop what it already accepted.
    public func offer(_ item: Element, waitMs: Int) -> Bool {
        precondition(waitMs >= 0, "wait a non-negative time")
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        return locked {
            while !closed && items.count - head >= capacity {
                guard condition.wait(until: deadline) else { break }
            }
            guard !closed, items.count - head < capacity else { return false }
            items.append(item)
            condition.broadcast()
            return true
        }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { locked { closed } }

    /// Up to `max` of the oldest items, waiting up to `waitMs` for the first; empty when the
    /// time runs out or the queue is closed.
    public func take(max: Int, waitMs: Int) -> [Element] {
        precondition(max > 0 && waitMs >= 0, "take at least one item, wait a non-negative time")
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        return locked {
            while items.count == head && !closed {
                guard condition.wait(until: deadline) else { break }
            }
            let end = min(items.count, head + max)
            let taken = Array(items[head..<end])
            head = end
            // Room was made: wake producers waiting in `offer(_:waitMs:)`.
            if !taken.isEmpty { condition.broadcast() }
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= capacity {
                // Under steady load the queue never empties: drop the consumed prefix so the
                // array stays within twice the capacity.
                items.removeFirst(head)
                head = 0
            }
            return taken
        }
    }

    /// Refuses later offers and wakes a waiting `take`; items already queued can still be taken.
    public func close() {
        locked {
            closed = true
            condition.broadcast()
        }
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
