/// Encoded messages to one client that did not fit its ZeroMQ outbox, oldest first, sent as
/// the outbox drains. A block's reports reach a subscriber in one burst (several per order),
/// which can exceed any fixed outbox while the client reads as fast as it can; the backlog
/// keeps them, in order, within `OrderEntrySettings.backlogBytesMax`, instead of dropping.
struct Backlog: Sendable {
    private var messages: [[UInt8]] = []
    /// Index of the oldest message still waiting.
    private var head = 0
    /// Bytes of the messages waiting.
    private(set) var byteCount = 0

    var isEmpty: Bool { head == messages.count }
    var count: Int { messages.count - head }
    var first: [UInt8]? { isEmpty ? nil : messages[head] }

    mutating func append(_ bytes: [UInt8]) {
        messages.append(bytes)
        byteCount += bytes.count
    }

    /// Removes the oldest message (sent).
    mutating func removeFirst() {
        precondition(!isEmpty, "a message waits")
        byteCount -= messages[head].count
        messages[head] = []
        head += 1
        // Reclaim the sent slots once they are half the array, so the work stays linear.
        if head == messages.count {
            messages.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1_024, head * 2 >= messages.count {
            messages.removeFirst(head)
            head = 0
        }
        assert(byteCount >= 0 && (byteCount == 0) == isEmpty, "the bytes are the waiting messages'")
    }
}
