/// Multiplication mod p: a schoolbook 48×48-limb product into a 96-limb temporary on the
/// stack, then the reduction 2³⁰⁷² ≡ c. No heap allocation.
extension Num3072 {
    /// Limbs of a full product.
    static let wideLimbCount = 2 * limbCount

    /// self ← self · other mod p, fully reduced. Either operand may be ≥ p.
    mutating func multiply(by other: Num3072) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.wideLimbCount) { wide in
            withLimbs { left in other.withLimbs { right in Self.product(left, right, into: wide) } }
            withMutableLimbs { Self.reduce(wide, into: $0) }
        }
    }

    /// self ← self² mod p: each cross product is computed once and doubled, so about half
    /// the limb multiplications of `multiply(by: self)` (the inverse is 3072 squarings).
    mutating func square() {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.wideLimbCount) { wide in
            withLimbs { Self.square($0, into: wide) }
            withMutableLimbs { Self.reduce(wide, into: $0) }
        }
    }

    /// `lo + x + carry` with the product `a·b`: never overflows 128 bits.
    @inline(__always)
    static func multiplyAdd(_ a: UInt64, _ b: UInt64, _ x: UInt64, _ carry: UInt64) -> (low: UInt64, high: UInt64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (sum1, overflow1) = low.addingReportingOverflow(x)
        let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
        return (sum2, high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0))
    }

    /// wide ← left · right, row by row: row i adds left[i] · right into wide[i…i+47] and
    /// sets wide[i+48], which no earlier row touched.
    static func product(_ left: UnsafeBufferPointer<UInt64>, _ right: UnsafeBufferPointer<UInt64>, into wide: UnsafeMutableBufferPointer<UInt64>) {
        precondition(left.count == limbCount && right.count == limbCount && wide.count == wideLimbCount, "operand sizes")
        wide.initialize(repeating: 0)
        for i in 0..<limbCount {
            let a = left[i]
            var carry: UInt64 = 0
            for j in 0..<limbCount {
                (wide[i + j], carry) = multiplyAdd(a, right[j], wide[i + j], carry)
            }
            wide[i + limbCount] = carry
        }
    }

    /// wide ← value²: the cross products once, doubled by a one-bit shift, plus the squares
    /// on the diagonal.
    static func square(_ value: UnsafeBufferPointer<UInt64>, into wide: UnsafeMutableBufferPointer<UInt64>) {
        precondition(value.count == limbCount && wide.count == wideLimbCount, "operand sizes")
        wide.initialize(repeating: 0)
        for i in 0..<(limbCount - 1) {
            let a = value[i]
            var carry: UInt64 = 0
            for j in (i + 1)..<limbCount {
                (wide[i + j], carry) = multiplyAdd(a, value[j], wide[i + j], carry)
            }
            wide[i + limbCount] = carry
        }
        // The cross sum is below 2⁶¹⁴³, so doubling loses no bit.
        var shiftedOut: UInt64 = 0
        for index in 0..<wideLimbCount {
            let limb = wide[index]
            wide[index] = (limb &<< 1) | shiftedOut
            shiftedOut = limb &>> 63
        }
        var carry: UInt64 = 0
        for i in 0..<limbCount {
            let (high, low) = value[i].multipliedFullWidth(by: value[i])
            (wide[2 * i], carry) = addWithCarry(wide[2 * i], low, carry)
            (wide[2 * i + 1], carry) = addWithCarry(wide[2 * i + 1], high, carry)
        }
        assert(carry == 0, "a square of a 3072-bit value fits 6144 bits")
    }

    /// `x + y + carry` (carry ≤ 1) and the carry out.
    @inline(__always)
    static func addWithCarry(_ x: UInt64, _ y: UInt64, _ carry: UInt64) -> (sum: UInt64, carry: UInt64) {
        let (sum1, overflow1) = x.addingReportingOverflow(y)
        let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
        return (sum2, (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0))
    }

    /// out ← wide mod p, fully reduced. With wide = low + high·2³⁰⁷²: low + high·c is below
    /// 2³⁰⁷²·(c + 1); its top part k·2³⁰⁷² folds once more as k·c, a final wrap past 2³⁰⁷²
    /// as one more c, and a value ≥ p loses one p.
    static func reduce(_ wide: UnsafeMutableBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt64>) {
        precondition(wide.count == wideLimbCount && out.count == limbCount, "operand sizes")
        var top: UInt64 = 0
        for index in 0..<limbCount {
            (out[index], top) = multiplyAdd(wide[limbCount + index], modulusComplement, wide[index], top)
        }
        assert(top <= modulusComplement, "the fold leaves at most c above 2³⁰⁷²")
        if addSmall(top &* modulusComplement, to: out) {
            // out is now below top·c < 2⁴², so this cannot wrap again.
            let wrapped = addSmall(modulusComplement, to: out)
            assert(!wrapped, "the second fold is tiny")
        }
        reduceOnce(out)
    }
}
