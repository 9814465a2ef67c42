import Matching
import Testing

@Suite("Market rules")
struct MarketRulesTests {
    @Test("rules that break an invariant are refused invalid_rules", arguments: [
        { try MarketRules(tickSize: 0) }, { try MarketRules(lotSize: -1) }, { try MarketRules(minSize: 0) },
        { try MarketRules(minSize: 10, maxSize: 5) }, { try MarketRules(maxSize: MarketRules.sizeCeiling + 1) },
        { try MarketRules(makerFeeBps: 10_001) }, { try MarketRules(takerFeeBps: -1) },
        { try MarketRules(priceBounds: 0...10) }, { try MarketRules(maxSize: 1 << 36, priceBounds: 1...(1 << 40)) },
        { try MarketRules(tickSize: 1 << 40, maxSize: 1 << 36) },
    ] as [@Sendable () throws -> MarketRules])
    func invalidRules(make: @Sendable () throws -> MarketRules) {
        do {
            _ = try make()
            Issue.record("accepted")
        } catch {
            #expect((error as? MatchingError)?.name == "invalid_rules")
        }
    }

    @Test("without bounds, prices go up to the largest whose notional at max size fits Int64")
    func defaultBounds() throws {
        let rules = try MarketRules(tickSize: 5, maxSize: 1 << 32)
        #expect(rules.priceBounds == 5...(Int64.max >> 32))
    }

    @Test("price checks run in order: positive, on tick, in bounds")
    func priceChecks() throws {
        let rules = try MarketRules(tickSize: 5, priceBounds: 10...100)
        #expect(throws: MatchingError.priceNotPositive(price: -5)) { try rules.check(price: -5) }
        #expect(throws: MatchingError.priceOffTick(price: 7, tickSize: 5)) { try rules.check(price: 7) }
        #expect(throws: MatchingError.priceOutOfBounds(price: 105, bounds: 10...100)) { try rules.check(price: 105) }
        try rules.check(price: 100)
    }

    @Test("size checks run in order: positive, whole lots, minimum, maximum")
    func sizeChecks() throws {
        let rules = try MarketRules(lotSize: 2, minSize: 4, maxSize: 8)
        #expect(throws: MatchingError.sizeNotPositive(size: 0)) { try rules.check(size: 0) }
        #expect(throws: MatchingError.sizeNotWholeLots(size: 3, lotSize: 2)) { try rules.check(size: 3) }
        #expect(throws: MatchingError.sizeUnderMinimum(size: 2, minSize: 4)) { try rules.check(size: 2) }
        #expect(throws: MatchingError.sizeOverMaximum(size: 10, maxSize: 8)) { try rules.check(size: 10) }
        try rules.check(size: 8)
    }
}
