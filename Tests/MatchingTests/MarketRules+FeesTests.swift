import Matching
import PropertyBased
import Testing
import TestSupport

@Suite("Fees")
struct MarketRulesFeesTests {
    @Test("a fee is the exact fee rounded up, never by a whole unit or more")
    func ceilingProperty() {
        let inputs = zip(Gen.int64(in: 1...1_000_000), Gen.int64(in: 1...1_000_000), Gen.int64(in: 0...10_000))
        seededCheck(seed: 42, count: 20_000, inputs) { input, caseIndex in
            let (price, size, bps) = input
            let fee = MarketRules.fee(price: price, size: size, bps: bps)
            #expect(isCeilFee(fee, price: price, size: size, bps: bps), "case \(caseIndex): \(input) → \(fee)")
        }
    }

    @Test("fees are exact at the largest notional, where price × size × bps exceeds 64 bits")
    func largestNotional() {
        let price = Int64.max / (1 << 32)
        let size: Int64 = 1 << 32
        let notional = price * size
        #expect(MarketRules.fee(price: price, size: size, bps: 10_000) == notional)
        #expect(MarketRules.fee(price: price, size: size, bps: 1) == notional / 10_000 + 1)
        #expect(MarketRules.fee(price: price, size: size, bps: 0) == 0)
    }

    @Test("a fill carries the maker and taker fees of its rules")
    func fillFees() throws {
        let rules = try MarketRules(makerFeeBps: 1, takerFeeBps: 5_000)
        let fill = rules.fill(maker: OrderID(1), taker: OrderID(2), takerSide: .sell, price: 3, size: 3)
        #expect(fill.makerFee == 1)
        #expect(fill.takerFee == 5)
    }
}
