/// An unsigned 256-bit integer for proof-of-work targets and chain work: exact, with every
/// overflow reported, never wrapped. Four 64-bit limbs, least significant first. Not a hot
/// path (a header is checked once); the operations are the few the header rules need.
public struct UInt256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Limbs, least significant first.
    public private(set) var limbs: (UInt64, UInt64, UInt64, UInt64)

    public static let zero = UInt256(limbs: (0, 0, 0, 0))
    public static let max = UInt256(limbs: (.max, .max, .max, .max))

    public init(limbs: (UInt64, UInt64, UInt64, UInt64)) { self.limbs = limbs }

    public init(_ value: UInt64) { limbs = (value, 0, 0, 0) }

    /// The number whose big-endian bytes are `hash` (how a header hash is compared to a target).
    public init(bigEndian hash: Hash256) {
        let bytes = hash.bytes
        var words: [UInt64] = [0, 0, 0, 0]
        for index in 0..<32 { words[3 - index / 8] = words[3 - index / 8] << 8 | UInt64(bytes[index]) }
        limbs = (words[0], words[1], words[2], words[3])
    }

    var words: [UInt64] {
        get { [limbs.0, limbs.1, limbs.2, limbs.3] }
        set { limbs = (newValue[0], newValue[1], newValue[2], newValue[3]) }
    }

    init(words: [UInt64]) { limbs = (words[0], words[1], words[2], words[3]) }

    /// The 32 bytes, most significant first.
    public var bigEndianBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in words.reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return bytes
    }

    public var isZero: Bool { self == .zero }

    /// The number of significant bits (0 for zero).
    public var bitWidth: Int {
        let words = words
        for index in stride(from: 3, through: 0, by: -1) where words[index] != 0 {
            return index * 64 + 64 - words[index].leadingZeroBitCount
        }
        return 0
    }

    public static func == (lhs: UInt256, rhs: UInt256) -> Bool { lhs.words == rhs.words }
    public func hash(into hasher: inout Hasher) { hasher.combine(words) }

    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        let (left, right) = (lhs.words, rhs.words)
        for index in stride(from: 3, through: 0, by: -1) where left[index] != right[index] {
            return left[index] < right[index]
        }
        return false
    }

    /// `self + other`, with whether it overflowed (the sum then wraps).
    public func addingReportingOverflow(_ other: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var (left, right) = (words, other.words)
        var carry: UInt64 = 0
        for index in 0..<4 {
            let (sum, overflowA) = left[index].addingReportingOverflow(right[index])
            let (total, overflowB) = sum.addingReportingOverflow(carry)
            left[index] = total
            carry = (overflowA ? 1 : 0) + (overflowB ? 1 : 0)
        }
        right = left
        return (UInt256(words: right), carry != 0)
    }

    /// `self - other`; the caller has checked `other <= self`.
    public func subtracting(_ other: UInt256) -> UInt256 {
        precondition(other <= self, "UInt256 subtraction below zero")
        var (left, right) = (words, other.words)
        var borrow: UInt64 = 0
        for index in 0..<4 {
            let (difference, borrowA) = left[index].subtractingReportingOverflow(right[index])
            let (result, borrowB) = difference.subtractingReportingOverflow(borrow)
            left[index] = result
            borrow = (borrowA ? 1 : 0) + (borrowB ? 1 : 0)
        }
        right = left
        return UInt256(words: right)
    }

    /// `self × factor`, with whether the product needed more than 256 bits.
    public func multipliedReportingOverflow(by factor: UInt64) -> (partialValue: UInt256, overflow: Bool) {
        var result = words
        var carry: UInt64 = 0
        for index in 0..<4 {
            let (high, low) = result[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            result[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        return (UInt256(words: result), carry != 0)
    }

    /// `self ÷ divisor`, rounded down; `divisor` is not zero.
    public func dividedBy(_ divisor: UInt64) -> UInt256 { quotientAndRemainder(dividingBy: divisor).quotient }

    /// `self ÷ divisor` rounded down, and what is left; `divisor` is not zero.
    public func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(divisor != 0, "UInt256 division by zero")
        var result = words
        var remainder: UInt64 = 0
        for index in stride(from: 3, through: 0, by: -1) {
            let (quotient, rest) = divisor.dividingFullWidth((remainder, result[index]))
            result[index] = quotient
            remainder = rest
        }
        return (UInt256(words: result), remainder)
    }

    /// ⌊self × numerator ÷ denominator⌋ exactly, even where `self × numerator` needs more than
    /// 256 bits; nil when the result itself does not fit. `denominator` is not zero.
    public func scaled(by numerator: UInt64, over denominator: UInt64) -> UInt256? {
        // self = q·d + r, so self·n/d = q·n + r·n/d, and r·n < d·2^64 keeps the last quotient in 64 bits.
        let (quotient, remainder) = quotientAndRemainder(dividingBy: denominator)
        let (whole, overflow) = quotient.multipliedReportingOverflow(by: numerator)
        guard !overflow else { return nil }
        let (part, _) = denominator.dividingFullWidth(remainder.multipliedFullWidth(by: numerator))
        let (sum, carry) = whole.addingReportingOverflow(UInt256(part))
        return carry ? nil : sum
    }

    /// `self ÷ divisor`, rounded down, by shift-and-subtract; `divisor` is not zero.
    public func dividedBy(_ divisor: UInt256) -> UInt256 {
        precondition(!divisor.isZero, "UInt256 division by zero")
        var quotient = UInt256.zero
        var remainder = UInt256.zero
        for bit in stride(from: bitWidth - 1, through: 0, by: -1) {
            remainder = remainder.shiftedLeft(by: 1)
            if self.bit(bit) { remainder.setBit(0) }
            if remainder >= divisor {
                remainder = remainder.subtracting(divisor)
                quotient.setBit(bit)
            }
        }
        return quotient
    }

    /// `self << count` (bits shifted out are lost), for count in 0..<256.
    public func shiftedLeft(by count: Int) -> UInt256 {
        precondition((0..<256).contains(count), "shift out of range")
        let (wordShift, bitShift) = (count / 64, count % 64)
        let source = words
        var result: [UInt64] = [0, 0, 0, 0]
        for index in stride(from: 3, through: wordShift, by: -1) {
            result[index] = source[index - wordShift] << UInt64(bitShift)
            if bitShift > 0 && index - wordShift - 1 >= 0 {
                result[index] |= source[index - wordShift - 1] >> UInt64(64 - bitShift)
            }
        }
        return UInt256(words: result)
    }

    /// `self >> count`, for count in 0..<256.
    public func shiftedRight(by count: Int) -> UInt256 {
        precondition((0..<256).contains(count), "shift out of range")
        let (wordShift, bitShift) = (count / 64, count % 64)
        let source = words
        var result: [UInt64] = [0, 0, 0, 0]
        for index in 0..<(4 - wordShift) {
            result[index] = source[index + wordShift] >> UInt64(bitShift)
            if bitShift > 0 && index + wordShift + 1 < 4 {
                result[index] |= source[index + wordShift + 1] << UInt64(64 - bitShift)
            }
        }
        return UInt256(words: result)
    }

    func bit(_ index: Int) -> Bool { words[index / 64] >> UInt64(index % 64) & 1 == 1 }

    mutating func setBit(_ index: Int) {
        var copy = words
        copy[index / 64] |= 1 << UInt64(index % 64)
        words = copy
    }

    /// Hex, most significant digit first, without leading zeros ("0" for zero).
    public var description: String {
        let hex = Hex.encode(bigEndianBytes).drop { $0 == "0" }
        return hex.isEmpty ? "0" : String(hex)
    }
}
