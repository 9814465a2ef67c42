import PropertyBased
import Primitives
import Testing
import TestSupport

@Suite("Amount: checked arithmetic never wraps")
struct AmountTests {
    @Test("adding past 2^64-1 throws amount_overflow (1101)")
    func overflow() {
        #expect(throws: PrimitivesError.amountOverflow) { try Amount.max.adding(Amount(1)) }
        #expect((try? Amount.max.multiplied(by: 2)) == nil)
    }

    @Test("subtracting below zero throws amount_underflow (1102)")
    func underflow() {
        #expect(throws: PrimitivesError.amountUnderflow) { try Amount(1).subtracting(Amount(2)) }
    }

    @Test("checked sum equals the 128-bit sum whenever that fits in 64 bits")
    func checkedSum() {
        let gen = Gen.uint64(in: 0...UInt64.max >> 2).array(of: 0...6)
        seededCheck(seed: 11, count: 2_000, gen) { values, _ in
            let exact = values.reduce((high: UInt64(0), low: UInt64(0))) { partial, value in
                let (low, carry) = partial.low.addingReportingOverflow(value)
                return (partial.high + (carry ? 1 : 0), low)
            }
            let sum = try? values.map(Amount.init).checkedSum()
            #expect(sum == (exact.high == 0 ? Amount(exact.low) : nil))
        }
    }
}
