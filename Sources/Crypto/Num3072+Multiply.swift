/// Multiplication mod p: a schoolbook 48×48-limb product (column by column) into a 96-limb
/// temporary on the stack, then the reduction 2³⁰⁷² ≡ c. No heap allocation.
extension Num3072 {
    /// Limbs of a full product.
    static var wideLimbCount: Int { 2 * limbCount }

    /// self ← self · other mod p, fully reduced. Either operand may be ≥ p.
    mutating func multiply(by other: Num3072) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.wideLimbCount) { wide in
            withLimbs { left in other.withLimbs { right in Self.product(left, right, into: wide) } }
            withMutableLimbs { Self.reduce(wide, into: $0) }
        }
    }

    /// `a·b + x + carry`, which never overflows 128 bits, as its two halves. 128-bit
    /// arithmetic compiles to add-with-carry; `addingReportingOverflow` with a conditional
    /// compiled to branches, which random limbs mispredict half the time.
    @inline(__always)
    static func multiplyAdd(_ a: UInt64, _ b: UInt64, _ x: UInt64, _ carry: UInt64) -> (low: UInt64, high: UInt64) {
        let (high, low) = a.multipliedFullWidth(by: b)
        let sum = (UInt128(high) << 64 | UInt128(low)) &+ UInt128(x) &+ UInt128(carry)
        return (UInt64(truncatingIfNeeded: sum), UInt64(truncatingIfNeeded: sum >> 64))
    }

    /// wide ← left · right, column by column (product scanning). Column k sums the low
    /// and the high halves of every left[i] · right[k − i] separately, in two 128-bit
    /// accumulators that cannot overflow (48 terms below 2⁶⁴ each), so the inner loop is a
    /// multiplication and two add-with-carry pairs, without a branch; each result limb is
    /// stored once.
    static func product(_ left: UnsafeBufferPointer<UInt64>, _ right: UnsafeBufferPointer<UInt64>, into wide: UnsafeMutableBufferPointer<UInt64>) {
        precondition(left.count == limbCount && right.count == limbCount && wide.count == wideLimbCount, "operand sizes")
        var carry: UInt128 = 0  // below 2⁷², from the previous column
        for column in 0..<(wideLimbCount &- 1) {
            var lowSum = carry
            var highSum: UInt128 = 0
            for i in max(0, column &- (limbCount &- 1))...min(column, limbCount &- 1) {
                let (high, low) = left[i].multipliedFullWidth(by: right[column &- i])
                lowSum &+= UInt128(low)
                highSum &+= UInt128(high)
            }
            wide[column] = UInt64(truncatingIfNeeded: lowSum)
            carry = (lowSum &>> 64) &+ highSum
        }
        assert(carry >> 64 == 0, "the product fits 6144 bits")
        wide[wideLimbCount &- 1] = UInt64(truncatingIfNeeded: carry)
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
