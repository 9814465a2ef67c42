import Matching
import Testing

@Suite("FastBook storage")
struct FastBookTests {
    @Test("a resting order costs at most 128 bytes of pool, a level and an ID a fixed amount")
    func footprint() throws {
        let capacity = try BookCapacity(maxRestingOrders: 1_000, maxPriceLevels: 100, maxOrderIDs: 5_000)
        let footprint = FastBook.footprint(capacity)
        #expect(footprint.bytesPerOrder == 72)
        #expect(footprint.bytesPerOrder <= 128)
        #expect(footprint.bytesPerOrderID == 4)
        // Levels: a 32-byte slot each, and per side 12 bytes (key + handle) for each ladder
        // entry and each of the 256 price-index slots.
        let levelBytes = 32 * 100 + 2 * 12 * (100 + 256)
        #expect(footprint.bytesPerLevel == (levelBytes + 99) / 100)
        #expect(footprint.totalBytes == 72 * 1_000 + levelBytes + 4 * 5_000)
    }

    @Test("freed order and level slots are reused: the book fills to capacity again and again")
    func slotReuse() throws {
        let capacity = try BookCapacity(maxRestingOrders: 8, maxPriceLevels: 4, maxOrderIDs: 1_000)
        var book = FastBook(rules: .plain, capacity: capacity)
        var counter = EventCounter()
        var next: UInt32 = 0
        for round in 0..<20 {
            for index in 0..<8 {
                try book.submit(buy(next, Int64(90 + index % 4), 1), into: &counter)
                next += 1
            }
            #expect(book.restingOrderCount == 8)
            #expect(book.priceLevelCount == 4)
            if round % 2 == 0 {
                book.massCancel(owner: OwnerID(1), into: &counter)
            } else {
                try book.submit(sell(next, 90, 8, .immediateOrCancel), into: &counter)
                next += 1
            }
            #expect(book.restingOrderCount == 0)
            #expect(book.priceLevelCount == 0)
        }
        #expect(counter.rejected == 0)
    }
}
