import Primitives
import Testing

@Suite struct UInt256Tests {
    /// A value from its big-endian hex digits (64 at most).
    static func value(_ hex: String) -> UInt256 {
        UInt256(bigEndian: try! Hash256(hex: String(repeating: "0", count: 64 - hex.count) + hex))
    }

    @Test func bigEndianBytesRoundTrip() throws {
        let hash = try Hash256(hex: "00000000ffff0000000000000000000000000000000000000000000000000001")
        let value = UInt256(bigEndian: hash)
        #expect(value.bigEndianBytes == hash.bytes)
        #expect(value.limbs.0 == 1)
        #expect(value.limbs.3 == 0x0000_0000_ffff_0000)
        #expect(value.description == "ffff0000000000000000000000000000000000000000000000000001")
        #expect(value.bitWidth == 224)
    }

    @Test func comparesFromTheMostSignificantLimb() {
        #expect(Self.value("1") < Self.value("2"))
        #expect(Self.value("1" + String(repeating: "0", count: 32)) > Self.value(String(repeating: "f", count: 32)))
        #expect(!(Self.value("5") < Self.value("5")))
    }

    @Test func addsWithCarriesAndReportsOverflow() {
        let sum = Self.value(String(repeating: "f", count: 16)).addingReportingOverflow(UInt256(1))
        #expect(sum.partialValue == Self.value("1" + String(repeating: "0", count: 16)))
        #expect(!sum.overflow)
        let wrapped = UInt256.max.addingReportingOverflow(UInt256(1))
        #expect(wrapped.overflow)
        #expect(wrapped.partialValue == .zero)
    }

    @Test func subtractsWithBorrows() {
        #expect(
            Self.value("1" + String(repeating: "0", count: 32)).subtracting(UInt256(1)) == Self.value(String(repeating: "f", count: 32)))
    }

    @Test func multipliesAndDividesBySmallNumbersExactly() {
        let big = Self.value("123456789abcdef0123456789abcdef")
        let (product, overflow) = big.multipliedReportingOverflow(by: 1_000_003)
        #expect(!overflow)
        #expect(product.dividedBy(1_000_003) == big)
        #expect(UInt256.max.multipliedReportingOverflow(by: 2).overflow)
        #expect(Self.value("64").dividedBy(UInt64(7)) == UInt256(14))
    }

    /// Long division agrees with the word division, and q × d + r = n for seeded values.
    @Test func longDivisionMatchesMultiplication() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        for _ in 0..<200 {
            let numerator = UInt256(limbs: (next(), next(), next(), next() >> (next() % 64)))
            let divisor = next() | 1
            let quotient = numerator.dividedBy(UInt256(divisor))
            #expect(quotient == numerator.dividedBy(divisor))
            let back = quotient.multipliedReportingOverflow(by: divisor).partialValue
            #expect(back <= numerator)
            #expect(numerator.subtracting(back) < UInt256(divisor))
        }
    }

    /// Scaling is exact where the intermediate product needs more than 256 bits.
    @Test func scalesExactlyPastTwoToThe256() {
        let near = UInt256(0xffff).shiftedLeft(by: 232)
        #expect(near.scaled(by: 1_500, over: 3_000) == UInt256(0xffff).shiftedLeft(by: 231))
        #expect(near.scaled(by: 3, over: 7) == near.multipliedReportingOverflow(by: 3).partialValue.dividedBy(UInt64(7)))
        #expect(UInt256.max.scaled(by: 2, over: 1) == nil)
        #expect(UInt256.max.scaled(by: 1, over: 2) == UInt256.max.shiftedRight(by: 1))
    }

    @Test func shiftsAcrossLimbs() {
        let one = UInt256(1)
        #expect(one.shiftedLeft(by: 255).bitWidth == 256)
        #expect(one.shiftedLeft(by: 200).shiftedRight(by: 200) == one)
        #expect(Self.value("ff").shiftedLeft(by: 60) == Self.value("ff000000000000000"))
        #expect(Self.value("ff000000000000000").shiftedRight(by: 64) == Self.value("f"))
    }
}
