import Synchronization

/// A thread-safe set of at most `capacity` elements that forgets its oldest first: a cache
/// whose memory is bounded and whose contents only ever save work, never change a result
/// (valid keys here; the pool's recent passing signature checks, in `SignatureMemo`).
public final class BoundedSet<Element: Hashable & Sendable>: Sendable {
    /// Most elements remembered.
    public let capacity: Int
    private let state: Mutex<State>

    private struct State: Sendable {
        var members = Set<Element>()
        /// Insertion order, for eviction; `head` is the oldest live slot.
        var order: [Element?] = []
        var head = 0
    }

    public init(capacity: Int) {
        precondition(capacity > 0, "a cache holds at least one element")
        self.capacity = capacity
        state = Mutex(State())
    }

    /// Elements remembered now.
    public var count: Int { state.withLock { $0.members.count } }

    public func contains(_ element: Element) -> Bool {
        state.withLock { $0.members.contains(element) }
    }

    public func insert(_ element: Element) {
        insert(contentsOf: CollectionOfOne(element))
    }

    /// Remembers `elements` under one lock, forgetting the oldest beyond `capacity`.
    public func insert(contentsOf elements: some Sequence<Element>) {
        state.withLock { state in
            for element in elements where state.members.insert(element).inserted {
                state.order.append(element)
            }
            while state.members.count > capacity, state.head < state.order.count {
                if let oldest = state.order[state.head] { state.members.remove(oldest) }
                state.order[state.head] = nil
                state.head += 1
            }
            // Drop the consumed prefix in bulk so the order list stays within twice the capacity.
            if state.head >= capacity {
                state.order.removeFirst(state.head)
                state.head = 0
            }
            assert(state.members.count <= capacity, "the set never outgrows its capacity")
        }
    }
}
