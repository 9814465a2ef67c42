@testable import Matching
import Testing

@Suite("Expiry queue")
struct ExpiryQueueTests {
    typealias Entry = ExpiryQueue.Entry

    @Test("entries come out by expiry, then by arrival")
    func order() {
        var queue = ExpiryQueue(capacity: 8)
        for (expiry, arrival) in [(5, 3), (2, 9), (5, 1), (7, 0), (2, 4)] {
            queue.push(Entry(expiry: UInt64(expiry), arrival: UInt64(arrival), handle: 0)) { _ in true }
        }
        var popped: [[UInt64]] = []
        while let top = queue.top {
            popped.append([top.expiry, top.arrival])
            queue.pop()
        }
        #expect(popped == [[2, 4], [2, 9], [5, 1], [5, 3], [7, 0]])
    }

    @Test("a full queue drops dead entries to make room")
    func compaction() {
        var queue = ExpiryQueue(capacity: 3)
        for arrival in 0..<3 { queue.push(Entry(expiry: 10, arrival: UInt64(arrival), handle: 0)) { _ in true } }
        queue.push(Entry(expiry: 1, arrival: 3, handle: 0)) { $0.arrival == 1 }
        #expect(queue.entries.count == 2)
        #expect(queue.top?.arrival == 3)
    }
}
