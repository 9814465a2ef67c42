@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

/// Slow arithmetic mod p = 2³⁰⁷² − 1103717 on limb arrays by shift-and-add (3072 doublings
/// per product): independent of Num3072's schoolbook product and folding reduction.
enum SlowModP {
    static let p: [UInt64] = [0 &- 1_103_717] + Array(repeating: .max, count: 47)

    static func isAtLeast(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for index in stride(from: 47, through: 0, by: -1) where a[index] != b[index] { return a[index] > b[index] }
        return true
    }

    /// a − b mod 2³⁰⁷².
    static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var borrow = false
        return (0..<48).map { index in
            let (difference, under1) = a[index].subtractingReportingOverflow(b[index])
            let (result, under2) = difference.subtractingReportingOverflow(borrow ? 1 : 0)
            borrow = under1 || under2
            return result
        }
    }

    static func reduce(_ a: [UInt64]) -> [UInt64] { isAtLeast(a, p) ? subtract(a, p) : a }

    /// (a + b) mod p for reduced a and b.
    static func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var carry = false
        let sum = (0..<48).map { index in
            let (partial, over1) = a[index].addingReportingOverflow(b[index])
            let (result, over2) = partial.addingReportingOverflow(carry ? 1 : 0)
            carry = over1 || over2
            return result
        }
        // A sum past 2³⁰⁷² wraps; subtracting p mod 2³⁰⁷² still gives the right value.
        return carry || isAtLeast(sum, p) ? subtract(sum, p) : sum
    }

    static func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let (a, b) = (reduce(a), reduce(b))
        var result = [UInt64](repeating: 0, count: 48)
        for bit in stride(from: 3071, through: 0, by: -1) {
            result = add(result, result)
            if (b[bit / 64] >> UInt64(bit % 64)) & 1 == 1 { result = add(result, a) }
        }
        return result
    }
}

func num3072(_ limbs: [UInt64]) -> Num3072 {
    var value = Num3072.zero
    value.withMutableLimbs { for index in 0..<48 { $0[index] = limbs[index] } }
    return value
}

func limbs(_ value: Num3072) -> [UInt64] { value.withLimbs { Array($0) } }

@Suite("Num3072: arithmetic mod 2^3072 − 1103717")
struct Num3072Tests {
    static let maxValue = [UInt64](repeating: .max, count: 48)

    /// Random values, plus the edges: 0, 1, p − 1, p, p + 1 and 2³⁰⁷² − 1.
    static func samples(seed: UInt64, count: Int) -> [[UInt64]] {
        var rng = seededRandom(seed)
        let p = SlowModP.p
        let edges: [[UInt64]] = [[1] + Array(repeating: 0, count: 47), Array(repeating: 0, count: 48),
                     SlowModP.subtract(p, [1] + Array(repeating: 0, count: 47)), p,
                     [p[0] + 1] + Array(p.dropFirst()), maxValue]
        return edges + (0..<count).map { _ in (0..<48).map { _ in rng.next() } }
    }

    @Test("products of random and edge values (both orders, and squares) equal a slow shift-and-add reference")
    func multiplyMatchesReference() {
        let values = Self.samples(seed: 0x3072_01, count: 6)
        for (a, b) in Array(zip(values, values.reversed())) + Array(zip(values, values)) {
            var product = num3072(a)
            product.multiply(by: num3072(b))
            #expect(limbs(product) == SlowModP.multiply(a, b))
        }
    }

    @Test("values ≥ p reduce: p ≡ 0, p + 1 ≡ 1, 2^3072 − 1 ≡ 1103716")
    func reduction() {
        #expect(Num3072.modulus.isAtLeastModulus && Num3072.modulus.isZeroModulo)
        #expect(Num3072.modulus.reduced == .zero)
        #expect(num3072([SlowModP.p[0] + 1] + Array(SlowModP.p.dropFirst())).reduced == .one)
        #expect(limbs(num3072(Self.maxValue).reduced) == [1_103_716] + Array(repeating: 0, count: 47))
        let belowP = num3072(SlowModP.subtract(SlowModP.p, [1] + Array(repeating: 0, count: 47)))
        #expect(!belowP.isAtLeastModulus && belowP.reduced == belowP)
        var one = Num3072.one
        one.multiply(by: Num3072.modulus)
        #expect(one == .zero, "a product is fully reduced even when an operand is p")
    }

    @Test("(a·b)·c = a·(b·c) and a·b = b·a for seeded random values")
    func associativeAndCommutative() {
        let values = Self.samples(seed: 0x3072_02, count: 30).map(num3072)
        for index in 0..<(values.count - 2) {
            let (a, b, c) = (values[index], values[index + 1], values[index + 2])
            var left = a; left.multiply(by: b); left.multiply(by: c)
            var bc = b; bc.multiply(by: c)
            var right = a; right.multiply(by: bc)
            #expect(left == right)
            var ba = b; ba.multiply(by: a)
            var ab = a; ab.multiply(by: b)
            #expect(ab == ba)
        }
    }

    @Test("safegcd inverse: x · x⁻¹ = 1 for seeded random values and values ≥ p; 2⁻¹ = (p + 1)/2; (p − 1)⁻¹ = p − 1; 0 has inverse 0")
    func inverse() {
        for value in Self.samples(seed: 0x3072_03, count: 40).map(num3072) where !value.isZeroModulo {
            var product = value
            product.multiply(by: value.inverse)
            #expect(product == .one)
        }
        let two = num3072([2] + Array(repeating: 0, count: 47))
        let half = [0 &- 551_858] + Array(repeating: UInt64.max, count: 46) + [UInt64.max >> 1]
        #expect(limbs(two.inverse) == half)
        let pPlusTwo = num3072([SlowModP.p[0] + 2] + Array(SlowModP.p.dropFirst()))
        #expect(limbs(pPlusTwo.inverse) == half)
        let minusOne = num3072(SlowModP.subtract(SlowModP.p, [1] + Array(repeating: 0, count: 47)))
        #expect(minusOne.inverse == minusOne)
        #expect(Num3072.zero.inverse == .zero && Num3072.modulus.inverse == .zero)
    }

    @Test("the safegcd constant is p⁻¹ mod 2^62 (Bitcoin Core's 0x70a1421da087d93)")
    func modulusInverseConstant() {
        #expect(Num3072.modulusInverse62 == 0x070a_1421_da08_7d93)
        #expect((0 &- Num3072.modulusComplement) &* Num3072.modulusInverse62 & ((1 << 62) - 1) == 1)
    }

    @Test("the 384-byte little-endian encoding round-trips and puts limb 0 first")
    func bytes() {
        for value in Self.samples(seed: 0x3072_04, count: 10).map(num3072) {
            let encoded = value.littleEndianBytes
            #expect(encoded.count == Num3072.byteCount)
            #expect(encoded.withUnsafeBytes { Num3072(littleEndianBytes: $0) } == value)
        }
        #expect(Num3072.one.littleEndianBytes == [1] + Array(repeating: 0, count: 383))
    }
}
