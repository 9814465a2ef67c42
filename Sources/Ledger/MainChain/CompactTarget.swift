import Primitives

/// A proof-of-work target in Bitcoin's compact form ("nBits"): one exponent byte (the
/// target's length in bytes) and a 23-bit mantissa, so `target = mantissa × 256^(exponent−3)`.
/// A header names its target this way, and the retarget rule's result is compared in this
/// form, so every node rounds it the same.
public enum CompactTarget {
    /// The target `bits` stands for, or nil for a negative, zero or over-wide encoding.
    public static func target(ofBits bits: UInt32) -> UInt256? {
        let size = Int(bits >> 24)
        var mantissa = UInt64(bits & 0x007f_ffff)
        guard bits & 0x0080_0000 == 0, mantissa != 0 else { return nil }
        if size <= 3 {
            mantissa >>= UInt64(8 * (3 - size))
            return mantissa == 0 ? nil : UInt256(mantissa)
        }
        // A mantissa of up to 3 bytes shifted by size − 3 bytes must fit 32 bytes.
        let mantissaBytes = (64 - mantissa.leadingZeroBitCount + 7) / 8
        guard mantissaBytes + size - 3 <= 32 else { return nil }
        return UInt256(mantissa).shiftedLeft(by: 8 * (size - 3))
    }

    /// The compact form of `target` (rounded down to its top 23 bits); `target` is not zero.
    public static func bits(of target: UInt256) -> UInt32 {
        precondition(!target.isZero, "a target is positive")
        var size = (target.bitWidth + 7) / 8
        var mantissa: UInt64
        if size <= 3 {
            mantissa = target.limbs.0 << UInt64(8 * (3 - size))
        } else {
            mantissa = target.shiftedRight(by: 8 * (size - 3)).limbs.0
        }
        // The 0x00800000 bit is the sign: move a mantissa that would set it one byte down.
        if mantissa & 0x0080_0000 != 0 {
            mantissa >>= 8
            size += 1
        }
        return UInt32(mantissa) | UInt32(size) << 24
    }

    /// The expected number of hashes to meet `target`: ⌊2^256 / (target + 1)⌋, computed as
    /// `(~target / (target + 1)) + 1` so that 2^256 never has to be represented.
    public static func work(ofTarget target: UInt256) -> UInt256 {
        guard target != .max else { return UInt256(1) }
        let complement = UInt256.max.subtracting(target)
        let (divisor, _) = target.addingReportingOverflow(UInt256(1))
        return complement.dividedBy(divisor).addingReportingOverflow(UInt256(1)).partialValue
    }
}
