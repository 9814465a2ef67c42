import Foundation

/// A thread-safe set that forgets everything when it reaches `capacity`: a cache whose
/// memory is bounded and whose contents only ever save work, never change a result.
final class BoundedSet<Element: Hashable & Sendable>: @unchecked Sendable {
    private let capacity: Int
    private var elements = Set<Element>()
    private let lock = NSLock()

    init(capacity: Int) {
        precondition(capacity > 0, "a cache holds at least one element")
        self.capacity = capacity
    }

    func contains(_ element: Element) -> Bool {
        lock.withLock { elements.contains(element) }
    }

    func insert(_ element: Element) {
        lock.withLock {
            if elements.count >= capacity { elements.removeAll(keepingCapacity: true) }
            elements.insert(element)
        }
    }
}
