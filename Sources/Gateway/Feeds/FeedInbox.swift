import Synchronization

/// The bounded hand-over from the block thread to the publisher thread: `offer` never
/// waits; when full it refuses, and the caller counts the drop.
final class FeedInbox: Sendable {
    let capacity: Int
    private let blocks = Mutex<[FeedBlock]>([])

    init(capacity: Int) {
        precondition(capacity > 0, "an inbox holds at least one block")
        self.capacity = capacity
    }

    func offer(_ block: FeedBlock) -> Bool {
        blocks.withLock { blocks in
            guard blocks.count < capacity else { return false }
            blocks.append(block)
            return true
        }
    }

    /// Everything waiting, oldest first.
    func takeAll() -> [FeedBlock] {
        blocks.withLock { blocks in
            defer { blocks.removeAll(keepingCapacity: true) }
            return blocks
        }
    }
}
