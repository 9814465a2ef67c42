import PropertyBased
import Primitives
import Testing
import TestSupport

@Suite("Ratio: exact prices, 128-bit comparisons, explicit rounding")
struct RatioTests {
    @Test("a zero numerator or denominator is refused")
    func zeroParts() {
        #expect(throws: PrimitivesError.self) { try Ratio(0, 1) }
        #expect(throws: PrimitivesError.self) { try Ratio(1, 0) }
    }

    @Test("comparison is exact where 64-bit products would overflow")
    func largeComparison() throws {
        let a = try Ratio(UInt64.max, UInt64.max - 1)
        let b = try Ratio(UInt64.max - 1, UInt64.max - 2)
        // a = 1 + 1/(max-1) < b = 1 + 1/(max-2)
        #expect(a.compareValue(to: b) == -1)
        #expect(b.compareValue(to: a) == 1)
        #expect(try Ratio(2, 4).isValueEqual(to: Ratio(1, 2)))
    }

    @Test("floor and ceil multiply bracket the exact product within one unit")
    func rounding() throws {
        let gen = zip(Gen.uint64(in: 1...UInt64(UInt32.max)), Gen.uint64(in: 1...1_000_000), Gen.uint64(in: 1...1_000_000))
        try seededCheck(seed: 12, count: 5_000, gen) { value, _ in
            let (amount, num, den) = value
            let ratio = try Ratio(num, den)
            let floor = try ratio.floorMultiply(Amount(amount)).units
            let ceil = try ratio.ceilMultiply(Amount(amount)).units
            let product = amount.multipliedFullWidth(by: num)
            let (quotient, remainder) = den.dividingFullWidth(product)
            #expect(floor == quotient)
            #expect(ceil == quotient + (remainder == 0 ? 0 : 1))
        }
    }

    @Test("a product past 2^64 throws instead of truncating")
    func multiplyOverflow() throws {
        #expect(throws: PrimitivesError.amountOverflow) { try Ratio(3, 1).floorMultiply(Amount.max) }
    }
}
