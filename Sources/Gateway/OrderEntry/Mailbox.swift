import Synchronization

/// A bounded hand-off between threads that never waits: the block thread posts (and then
/// signals the gateway's `ZMQWake`), the gateway thread drains when woken. A post to a full mailbox is refused (the caller counts
/// it), so a stalled gateway can never grow memory or hold up a block.
final class Mailbox<Element: Sendable>: Sendable {
    let capacity: Int
    private let items = Mutex<[Element]>([])

    init(capacity: Int) {
        precondition(capacity > 0, "a mailbox holds at least one item")
        self.capacity = capacity
    }

    /// Adds `item` unless full.
    func post(_ item: Element) -> Bool {
        items.withLock { items in
            guard items.count < capacity else { return false }
            items.append(item)
            return true
        }
    }

    /// Everything posted so far, oldest first.
    func drain() -> [Element] {
        items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}
