/// A 3072-bit unsigned integer as 48 little-endian 64-bit limbs stored inline (no heap),
/// with arithmetic modulo the MuHash3072 prime p = 2³⁰⁷² − 1103717 (the largest 3072-bit
/// safe prime, Bitcoin Core's choice).
///
/// A value may be any 3072-bit number, also one ≥ p (a ChaCha20 expansion can be); every
/// arithmetic result is fully reduced, in [0, p). `==` compares limbs, so it means equality
/// mod p only between reduced values.
struct Num3072: Hashable, Sendable {
    /// Limbs of a value.
    static var limbCount: Int { 48 }
    /// Bytes of the little-endian encoding.
    static var byteCount: Int { 384 }
    /// c in p = 2³⁰⁷² − c. Small (21 bits), which makes reduction cheap: 2³⁰⁷² ≡ c (mod p).
    static var modulusComplement: UInt64 { 1_103_717 }

    typealias Limbs = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Least significant limb first.
    var limbs: Limbs

    static let zero = Num3072(limbs: (
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0))

    static let one: Num3072 = {
        var one = zero
        one.withMutableLimbs { $0[0] = 1 }
        return one
    }()

    /// p itself, a value that is ≡ 0 but not reduced.
    static let modulus: Num3072 = {
        var modulus = zero
        modulus.withMutableLimbs { limbs in
            limbs.update(repeating: .max)
            limbs[0] = 0 &- modulusComplement
        }
        return modulus
    }()

    /// The value of 384 little-endian bytes (any value, also ≥ p).
    init(littleEndianBytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == Self.byteCount, "a Num3072 is 384 bytes")
        self = .zero
        withMutableLimbs { limbs in
            for index in 0..<Self.limbCount {
                limbs[index] = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
            }
        }
    }

    private init(limbs: Limbs) { self.limbs = limbs }

    /// The 384-byte little-endian encoding.
    var littleEndianBytes: [UInt8] {
        withLimbs { limbs in
            [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, count in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                for index in 0..<Self.limbCount {
                    raw.storeBytes(of: limbs[index].littleEndian, toByteOffset: 8 * index, as: UInt64.self)
                }
                count = Self.byteCount
            }
        }
    }

    /// Whether the value is ≥ p (so not reduced). Only p…2³⁰⁷² − 1 qualify: the top 47
    /// limbs all ones and the lowest ≥ 2⁶⁴ − c.
    var isAtLeastModulus: Bool {
        withLimbs { Self.isAtLeastModulus($0) }
    }

    /// Whether the value is ≡ 0 mod p (0 or p itself).
    var isZeroModulo: Bool { reduced == .zero }

    /// The value mod p, in [0, p). One subtraction suffices: 2³⁰⁷² < 2p.
    var reduced: Num3072 {
        var copy = self
        copy.withMutableLimbs { Self.reduceOnce($0) }
        return copy
    }

    static func == (lhs: Num3072, rhs: Num3072) -> Bool {
        lhs.withLimbs { left in rhs.withLimbs { right in left.elementsEqual(right) } }
    }

    func hash(into hasher: inout Hasher) {
        withLimbs { for limb in $0 { hasher.combine(limb) } }
    }

    /// Read access to the limbs, least significant first.
    @inline(__always)
    func withLimbs<Result>(_ body: (UnsafeBufferPointer<UInt64>) throws -> Result) rethrows -> Result {
        try withUnsafeBytes(of: limbs) { try body($0.assumingMemoryBound(to: UInt64.self)) }
    }

    /// Write access to the limbs, least significant first.
    @inline(__always)
    mutating func withMutableLimbs<Result>(_ body: (UnsafeMutableBufferPointer<UInt64>) throws -> Result) rethrows -> Result {
        try withUnsafeMutableBytes(of: &limbs) { try body($0.assumingMemoryBound(to: UInt64.self)) }
    }

    static func isAtLeastModulus(_ limbs: UnsafeBufferPointer<UInt64>) -> Bool {
        guard limbs[0] >= 0 &- modulusComplement else { return false }
        return limbs[1...].allSatisfy { $0 == .max }
    }

    /// Subtracts p once when the value is ≥ p: adding c wraps past 2³⁰⁷², which drops it.
    static func reduceOnce(_ limbs: UnsafeMutableBufferPointer<UInt64>) {
        guard isAtLeastModulus(UnsafeBufferPointer(limbs)) else { return }
        let wrapped = addSmall(modulusComplement, to: limbs)
        assert(wrapped, "a value ≥ p plus c passes 2³⁰⁷²")
    }

    /// Adds `value` to the limbs; true when the sum passed 2³⁰⁷² (and wrapped).
    @discardableResult
    static func addSmall(_ value: UInt64, to limbs: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        var carry = value
        for index in 0..<limbCount where carry != 0 {
            let (sum, overflow) = limbs[index].addingReportingOverflow(carry)
            limbs[index] = sum
            carry = overflow ? 1 : 0
        }
        return carry != 0
    }
}
