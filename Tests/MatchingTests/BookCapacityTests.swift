import Matching
import Testing

@Suite("Book capacity")
struct BookCapacityTests {
    @Test("limits outside their ranges are refused invalid_capacity", arguments: [
        (0, 1, UInt32(1)), (BookCapacity.slotCeiling + 1, 1, 1), (1, 0, 1), (1, 1, 0), (1, 1, BookCapacity.orderIDCeiling + 1),
    ])
    func invalid(orders: Int, levels: Int, ids: UInt32) {
        #expect(throws: MatchingError.self) { try BookCapacity(maxRestingOrders: orders, maxPriceLevels: levels, maxOrderIDs: ids) }
    }

    @Test("IDs must be inside the ID space")
    func idSpace() throws {
        let capacity = try BookCapacity(maxRestingOrders: 1, maxPriceLevels: 1, maxOrderIDs: 10)
        try capacity.check(OrderID(9))
        #expect(throws: MatchingError.orderIDOutOfRange(OrderID(10), maxOrderIDs: 10)) { try capacity.check(OrderID(10)) }
    }

    @Test("room needs a free order slot, and a free level slot only for a new level")
    func room() throws {
        let capacity = try BookCapacity(maxRestingOrders: 2, maxPriceLevels: 1, maxOrderIDs: 10)
        try capacity.checkRoom(restingOrders: 1, priceLevels: 1, needsNewLevel: false)
        #expect(throws: MatchingError.bookFull(.restingOrders)) { try capacity.checkRoom(restingOrders: 2, priceLevels: 0, needsNewLevel: false) }
        #expect(throws: MatchingError.bookFull(.priceLevels)) { try capacity.checkRoom(restingOrders: 1, priceLevels: 1, needsNewLevel: true) }
    }
}
