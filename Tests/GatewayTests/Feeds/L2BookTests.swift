@testable import Gateway
import LodestoneWire
import Testing

@Suite("L2Book: a subscriber's book from a snapshot and updates")
struct L2BookTests {
    private func level(_ price: UInt64, _ size: UInt64) -> Lodestone_V1_Level {
        var level = Lodestone_V1_Level()
        level.price = price
        level.size = size
        return level
    }

    private func book() -> L2Book {
        L2Book(snapshot: FeedSnapshot(
            market: "BTC-USDT", depth: .l2, sequence: 5, height: 9,
            bids: [level(100, 3), level(99, 1)], asks: [level(101, 2)], orders: []))
    }

    @Test("updates at or below the snapshot's sequence are stale, the next applies, a jump is a gap")
    func sequencing() {
        var book = book()
        var update = Lodestone_V1_L2Update()
        update.market = "BTC-USDT"
        update.height = 10
        update.bids = [level(100, 0), level(98, 4)]
        #expect(book.apply(update, sequence: 5) == .stale)
        #expect(book.apply(update, sequence: 7) == .gap(expected: 6, received: 7))
        #expect(book.apply(update, sequence: 6) == .applied)
        #expect(book.bids == [99: 1, 98: 4], "size 0 removes a level")
        #expect(book.top(.buy, count: 1).map(\.price) == [99])
        #expect(book.height == 10 && book.sequence == 6)
    }

    @Test("a heartbeat naming a later sequence than the book's is a gap")
    func heartbeatGap() {
        var heartbeat = Lodestone_V1_Heartbeat()
        heartbeat.topic = "l2.BTC-USDT"
        heartbeat.lastSequence = 5
        #expect(book().check(heartbeat: heartbeat) == .stale)
        heartbeat.lastSequence = 6
        #expect(book().check(heartbeat: heartbeat) == .gap(expected: 6, received: 6))
    }
}
