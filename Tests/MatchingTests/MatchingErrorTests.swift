import Matching
import Testing

@Suite("Matching errors")
struct MatchingErrorTests {
    static let all: [MatchingError] = [
        .priceNotPositive(price: 0), .sizeNotPositive(size: 0), .priceOffTick(price: 1, tickSize: 2),
        .sizeNotWholeLots(size: 1, lotSize: 2), .sizeUnderMinimum(size: 1, minSize: 2), .unknownOrderID(OrderID(1)),
        .duplicateOrderID(OrderID(1)), .postOnlyWouldCross(price: 1, oppositeBest: 1), .fokUnfillable(size: 2, fillable: 1),
        .priceOutOfBounds(price: 9, bounds: 1...2), .bookFull(.priceLevels), .invalidReplace(OrderID(1)),
        .sizeOverMaximum(size: 9, maxSize: 1), .orderIDOutOfRange(OrderID(9), maxOrderIDs: 1), .expiryPassed(expiry: 1, height: 2),
        .heightRegressed(height: 1, current: 2), .invalidRules("x"), .invalidCapacity("x"),
    ]

    @Test("every error has its own 4xxx code and its own snake_case name")
    func distinctCodesAndNames() {
        #expect(Set(Self.all.map(\.code)) == Set(4001...4018))
        #expect(Set(Self.all.map(\.name)).count == Self.all.count)
        #expect(Self.all.allSatisfy { $0.name.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    @Test("the description names the code and the values")
    func description() {
        #expect(MatchingError.priceOffTick(price: 7, tickSize: 5).description == "price_off_tick (4003): price 7 is not a multiple of the tick size 5")
    }
}
