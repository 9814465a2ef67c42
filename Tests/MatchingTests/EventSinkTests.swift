import Matching
import Testing

@Suite("Event sinks")
struct EventSinkTests {
    static let events: [BookEvent] = [
        .accepted(OrderID(1)), .rejected(nil, .heightRegressed(height: 0, current: 1)),
        fill(1, 2, .buy, 10, 3), .cancelled(OrderID(1), .user, size: 2), .orderRemoved(OrderID(1)),
        .levelChanged(.buy, price: 10, totalSize: 0),
    ]

    @Test("the log keeps events in order and drain empties it")
    func log() {
        var log = EventLog()
        for event in Self.events { log.receive(event) }
        #expect(log.drain() == Self.events)
        #expect(log.events.isEmpty)
    }

    @Test("the counter counts each kind and sums traded size")
    func counter() {
        var counter = EventCounter()
        for event in Self.events { counter.receive(event) }
        #expect([counter.accepted, counter.rejected, counter.fills, counter.cancelled, counter.bookChanges] == [1, 1, 1, 1, 2])
        #expect(counter.filledSize == 3)
        #expect(counter.total == 6)
    }
}
