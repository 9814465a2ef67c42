/// A 256-bit hash value, stored as four big-endian words so that `<` is byte-lexicographic
/// order and equality and hashing are four word compares.
public struct Hash256: Hashable, Comparable, Sendable, CustomStringConvertible {
    @usableFromInline var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// The all-zero hash; used as the "no parent" marker and never as a real digest.
    public static let zero = Hash256(w0: 0, w1: 0, w2: 0, w3: 0)

    @inlinable init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// Creates a hash from exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(PrimitivesError) {
        guard bytes.count == 32 else {
            throw .invalidValue(field: "hash", reason: "expected 32 bytes, got \(bytes.count)")
        }
        var words: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in bytes.enumerated() {
            words[offset / 8] = words[offset / 8] << 8 | UInt64(byte)
        }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    /// Creates a hash from 64 hex digits.
    public init(hex: String) throws(PrimitivesError) {
        try self.init(bytes: Hex.decode(hex))
    }

    /// The 32 bytes, most significant first.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    public var description: String { Hex.encode(bytes) }

    public static func < (lhs: Hash256, rhs: Hash256) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}
