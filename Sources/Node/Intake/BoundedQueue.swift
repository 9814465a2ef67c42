import Foundation

/// A first-in first-out queue between threads with a fixed capacity: `offer` never waits
/// and fails when full, so a flood of requests is refused at the door instead of growing
/// memory; `take` waits a bounded time for work.
///
/// A queue may have several lanes (one per source of work), each with its own capacity and
/// its own order: a full lane refuses its own offers only, and a `take` bounds what it takes
/// from each lane, so one source cannot crowd out another.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    /// Items each lane holds at most.
    public let capacity: Int
    /// Lanes of the queue.
    public let laneCount: Int
    /// Most lanes a queue has.
    public static var lanesMax: Int { 8 }
    // `condition` guards everything below it.
    private let condition = NSCondition()
    private var lanes: [Lane]
    private var closed = false
    /// Set by `wake()`: the next (or a waiting) take returns without waiting.
    private var woken = false

    private struct Lane {
        var items: [Element] = []
        /// Index of the oldest item in `items`; the consumed prefix is dropped in bulk.
        var head = 0
        var count: Int { items.count - head }

        mutating func take(max: Int, capacity: Int) -> [Element] {
            let end = min(items.count, head + max)
            let taken = Array(items[head..<end])
            head = end
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= capacity {
                // Under steady load a lane never empties: drop the consumed prefix so the
                // array stays within twice the capacity.
                items.removeFirst(head)
                head = 0
            }
            return taken
        }
    }

    /// A queue of `lanes` lanes holding up to `capacity` items each.
    public init(capacity: Int, lanes: Int = 1) {
        precondition(capacity > 0, "a queue holds at least one item")
        precondition((1...Self.lanesMax).contains(lanes), "a queue has 1...\(Self.lanesMax) lanes")
        self.capacity = capacity
        laneCount = lanes
        self.lanes = Array(repeating: Lane(), count: lanes)
    }

    /// Items waiting, in all lanes.
    public var count: Int { locked { lanes.reduce(0) { $0 + $1.count } } }

    /// Items waiting in `lane`.
    public func count(lane: Int) -> Int { locked { lanes[lane].count } }

    /// Adds `item` to `lane` unless that lane is full or the queue closed; never waits.
    public func offer(_ item: Element, lane: Int = 0) -> Bool {
        locked {
            guard !closed, lanes[lane].count < capacity else { return false }
            lanes[lane].items.append(item)
            condition.broadcast()
            return true
        }
    }

    /// Adds `item` to `lane`, waiting up to `waitMs` for room; false when the time runs out or
    /// the queue is closed. For a pipeline stage that must not drop what it already accepted.
    public func offer(_ item: Element, lane: Int = 0, waitMs: Int) -> Bool {
        precondition(waitMs >= 0, "wait a non-negative time")
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        return locked {
            while !closed && lanes[lane].count >= capacity {
                guard condition.wait(until: deadline) else { break }
            }
            guard !closed, lanes[lane].count < capacity else { return false }
            lanes[lane].items.append(item)
            condition.broadcast()
            return true
        }
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { locked { closed } }

    /// Up to `max` of the oldest items of each lane, waiting up to `waitMs` for the first;
    /// empty when the time runs out or the queue is closed.
    public func take(max: Int, waitMs: Int) -> [Element] {
        take(maxPerLane: Array(repeating: max, count: laneCount), waitMs: waitMs)
    }

    /// Up to `maxPerLane[lane]` of the oldest items of each lane, lane 0's first, waiting up to
    /// `waitMs` for any; empty when the time runs out or the queue is closed.
    public func take(maxPerLane: [Int], waitMs: Int) -> [Element] {
        precondition(maxPerLane.count == laneCount && maxPerLane.allSatisfy { $0 > 0 } && waitMs >= 0,
                     "take at least one item of each lane, wait a non-negative time")
        let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
        return locked {
            while lanes.allSatisfy({ $0.count == 0 }) && !closed && !woken {
                guard condition.wait(until: deadline) else { break }
            }
            woken = false
            var taken: [Element] = []
            // Each lane is taken from in place, so its array is never copied.
            for index in 0..<laneCount { taken += lanes[index].take(max: maxPerLane[index], capacity: capacity) }
            // Room was made: wake producers waiting in `offer(_:lane:waitMs:)`.
            if !taken.isEmpty { condition.broadcast() }
            return taken
        }
    }

    /// Ends a waiting `take` early, or the next one if none waits: the consumer has work
    /// from another source (consensus messages beside the intake's requests). Never lost:
    /// a wake before the take is kept until a take sees it.
    public func wake() {
        locked {
            woken = true
            condition.broadcast()
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
