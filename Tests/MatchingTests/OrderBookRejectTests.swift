import Matching
import Testing

/// Every refusal: its code, one `rejected` event, the same error thrown, and no change.
@Suite("Order book rejects")
struct OrderBookRejectTests {
    /// One bad operation and the error it must give.
    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let subject: UInt32?
        let error: MatchingError
        let apply: @Sendable (inout Harness) -> [BookEvent]
    }

    static let rules = MarketRules.with(tick: 5, lot: 2, min: 4, max: 100, bounds: 5...1_000)

    static let cases: [Case] = [
        Case(description: "zero price", subject: 10, error: .priceNotPositive(price: 0)) { $0.submit(buy(10, 0, 4)) },
        Case(description: "negative price", subject: 10, error: .priceNotPositive(price: -5)) { $0.submit(buy(10, -5, 4)) },
        Case(description: "zero size", subject: 10, error: .sizeNotPositive(size: 0)) { $0.submit(buy(10, 85, 0)) },
        Case(description: "negative size", subject: 10, error: .sizeNotPositive(size: -4)) { $0.submit(buy(10, 85, -4)) },
        Case(description: "off-tick price", subject: 10, error: .priceOffTick(price: 87, tickSize: 5)) { $0.submit(buy(10, 87, 4)) },
        Case(description: "size not whole lots", subject: 10, error: .sizeNotWholeLots(size: 5, lotSize: 2)) { $0.submit(buy(10, 85, 5)) },
        Case(description: "size under minimum", subject: 10, error: .sizeUnderMinimum(size: 2, minSize: 4)) { $0.submit(buy(10, 85, 2)) },
        Case(description: "size over maximum", subject: 10, error: .sizeOverMaximum(size: 102, maxSize: 100)) { $0.submit(buy(10, 85, 102)) },
        Case(description: "price out of bounds", subject: 10, error: .priceOutOfBounds(price: 1_005, bounds: 5...1_000)) {
            $0.submit(sell(10, 1_005, 4))
        },
        Case(description: "duplicate of a resting ID", subject: 1, error: .duplicateOrderID(id(1))) { $0.submit(buy(1, 85, 4)) },
        Case(description: "duplicate of a filled ID", subject: 3, error: .duplicateOrderID(id(3))) { $0.submit(buy(3, 85, 4)) },
        Case(description: "ID outside the ID space", subject: 5_000, error: .orderIDOutOfRange(id(5_000), maxOrderIDs: 1_000)) {
            $0.submit(buy(5_000, 85, 4))
        },
        Case(description: "expiry already passed", subject: 10, error: .expiryPassed(expiry: 2, height: 3)) {
            $0.submit(buy(10, 85, 4, expiry: 2))
        },
        Case(description: "post-only would cross", subject: 10, error: .postOnlyWouldCross(price: 100, oppositeBest: 100)) {
            $0.submit(buy(10, 100, 4, .postOnly))
        },
        Case(description: "FOK unfillable", subject: 10, error: .fokUnfillable(size: 6, fillable: 4)) {
            $0.submit(buy(10, 100, 6, .fillOrKill))
        },
        Case(description: "cancel of an unknown ID", subject: 99, error: .unknownOrderID(id(99))) { $0.cancel(99) },
        Case(description: "cancel of a filled ID", subject: 3, error: .unknownOrderID(id(3))) { $0.cancel(3) },
        Case(description: "replace of an unknown ID", subject: 99, error: .unknownOrderID(id(99))) {
            $0.replace(99, with: 10, price: 85, size: 4)
        },
        Case(description: "replace keeping its own ID", subject: 1, error: .invalidReplace(id(1))) {
            $0.replace(1, with: 1, price: 100, size: 4)
        },
        Case(description: "replace to a used ID", subject: 1, error: .duplicateOrderID(id(2))) {
            $0.replace(1, with: 2, price: 100, size: 4)
        },
        Case(description: "replace to an off-tick price", subject: 1, error: .priceOffTick(price: 101, tickSize: 5)) {
            $0.replace(1, with: 10, price: 101, size: 4)
        },
        Case(description: "height going backwards", subject: nil, error: .heightRegressed(height: 1, current: 3)) {
            $0.advance(to: 1)
        },
    ]

    /// Ask 1 @100×4 (owner 2), bid 2 @90×4 (owner 1), order 3 filled, height 3.
    static func prepared(_ engine: Engine) -> Harness {
        var h = Harness(engine, rules: rules)
        h.submit(sell(1, 100, 4))
        h.submit(buy(2, 90, 4))
        h.submit(sell(3, 95, 4))
        h.submit(buy(4, 95, 4, .immediateOrCancel))
        h.advance(to: 3)
        return h
    }

    @Test("each bad operation is rejected with its own code and leaves the book unchanged", arguments: Engine.allCases, cases)
    func rejectLeavesBookUnchanged(engine: Engine, bad: Case) {
        var h = Self.prepared(engine)
        let before = h.snapshot
        let subject = bad.subject.map { OrderID($0) }
        #expect(bad.apply(&h) == [.rejected(subject, bad.error)])
        #expect(h.snapshot == before)
    }

    @Test("the reject cases cover every operation error code (book_full has its own tests)")
    func casesCoverCodes() {
        let codes = Set(Self.cases.map(\.error.code))
        #expect(codes.isSuperset(of: Set(4001...4016).subtracting([4011])))
    }

    @Test("a refused operation throws the same error it reports", arguments: Engine.allCases)
    func throwsReportedError(engine: Engine) {
        var book = engine.make(rules: Self.rules, capacity: .small)
        var log = EventLog()
        #expect(throws: MatchingError.priceOffTick(price: 7, tickSize: 5)) { try book.submit(buy(1, 7, 4), into: &log) }
        #expect(log.events == [.rejected(id(1), .priceOffTick(price: 7, tickSize: 5))])
    }

    @Test("a GTC order is rejected book_full when no order slot is free", arguments: Engine.allCases)
    func bookFullOrders(engine: Engine) throws {
        var h = Harness(engine, capacity: try BookCapacity(maxRestingOrders: 2, maxPriceLevels: 8, maxOrderIDs: 10))
        h.submit(buy(1, 90, 1))
        h.submit(buy(2, 91, 1))
        let before = h.snapshot
        #expect(h.submit(sell(3, 95, 1)) == [.rejected(id(3), .bookFull(.restingOrders))])
        #expect(h.snapshot == before)
        // An IOC never rests, so it needs no slot.
        #expect(h.submit(sell(4, 91, 1, .immediateOrCancel)).contains(fill(2, 4, .sell, 91, 1)))
    }

    @Test("a GTC order needing a new level is rejected book_full when no level slot is free", arguments: Engine.allCases)
    func bookFullLevels(engine: Engine) throws {
        var h = Harness(engine, capacity: try BookCapacity(maxRestingOrders: 8, maxPriceLevels: 2, maxOrderIDs: 10))
        h.submit(buy(1, 90, 1))
        h.submit(sell(2, 95, 1))
        #expect(h.submit(buy(3, 91, 1)) == [.rejected(id(3), .bookFull(.priceLevels))])
        #expect(h.submit(buy(4, 90, 1)).first == .accepted(id(4)))
        // A replace that empties its own level may open another one.
        #expect(h.replace(2, with: 5, price: 96, size: 1).contains(.accepted(id(5))))
    }
}
