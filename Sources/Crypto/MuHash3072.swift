/// Bitcoin Core's MuHash3072 (src/crypto/muhash.{h,cpp}), byte for byte: a multiset hash in
/// the multiplicative group mod p = 2³⁰⁷² − 1103717.
///
/// - An element (any bytes) maps to `x = ChaCha20(key: SHA256(element), nonce: 0)`'s first
///   384 keystream bytes (counters 0…5), read as a little-endian integer.
/// - The state is a fraction: inserting multiplies the numerator by `x`, removing the
///   denominator; `*=` and `/=` combine states. Nothing is inverted until `finalize`.
/// - `finalize` is `SHA256(le384(numerator · denominator⁻¹ mod p))`.
///
/// Inserting costs one SHA-256 compression, six ChaCha20 blocks and one 3072-bit modular
/// multiplication; finalizing costs one inversion (see `Num3072.inverse`).
public struct MuHash3072: Sendable {
    var numerator = Num3072.one
    var denominator = Num3072.one

    /// The hash of the empty set.
    public init() {}

    /// The hash of the one-element set `{element}`.
    public init(element: some Collection<UInt8>) {
        numerator = Self.expand(element)
    }

    /// Adds one occurrence of `element`.
    public mutating func insert(_ element: some Collection<UInt8>) {
        numerator.multiply(by: Self.expand(element))
    }

    /// Removes one occurrence of `element`.
    public mutating func remove(_ element: some Collection<UInt8>) {
        denominator.multiply(by: Self.expand(element))
    }

    /// The union of two multisets (with their removals).
    public static func *= (lhs: inout MuHash3072, rhs: MuHash3072) {
        lhs.numerator.multiply(by: rhs.numerator)
        lhs.denominator.multiply(by: rhs.denominator)
    }

    /// Removes the multiset `rhs` from `lhs`.
    public static func /= (lhs: inout MuHash3072, rhs: MuHash3072) {
        lhs.numerator.multiply(by: rhs.denominator)
        lhs.denominator.multiply(by: rhs.numerator)
    }

    /// The 32-byte set hash. Folds the denominator into the numerator (one inversion), so a
    /// second call costs no inversion and gives the same bytes.
    public mutating func finalize() -> [UInt8] {
        normalize()
        return SHA256.hash(numerator.littleEndianBytes)
    }

    /// numerator ← numerator · denominator⁻¹, denominator ← 1; skipped when there is
    /// nothing to divide by.
    mutating func normalize() {
        if denominator != .one { numerator.multiply(by: denominator.inverse) }
        numerator = numerator.reduced
        denominator = .one
    }

    /// `ToNum3072`: SHA-256 of the element keys ChaCha20, whose first 384 keystream bytes
    /// are the value (possibly ≥ p; arithmetic reduces it).
    static func expand(_ element: some Collection<UInt8>) -> Num3072 {
        let digest = element.withContiguousStorageIfAvailable { SHA256.hashWords(UnsafeRawBufferPointer($0)) }
            ?? Array(element).withUnsafeBytes { SHA256.hashWords($0) }
        // The key is the digest's bytes (big-endian words) read as little-endian words.
        var key = SIMD8<UInt32>()
        for index in 0..<8 { key[index] = digest[index].byteSwapped }
        var value = Num3072.zero
        value.withMutableLimbs { limbs in
            ChaCha20(key: key).keystream(into: UnsafeMutableRawBufferPointer(limbs))
            for index in 0..<Num3072.limbCount { limbs[index] = UInt64(littleEndian: limbs[index]) }
        }
        return value
    }
}
