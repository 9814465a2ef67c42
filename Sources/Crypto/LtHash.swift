/// LtHash16: a lattice-based homomorphic multiset hash (Bellare–Micciancio's LtHash with
/// n = 1024 lanes of d = 16 bits), the construction behind `MultisetHash`.
///
/// - The state is a vector of 1024 lanes in Z/2¹⁶; the empty multiset is all zero.
/// - An element `e` (any bytes) has the value `X(e)`: the first 2048 bytes of the BLAKE3
///   extended output of `e` in key-derivation mode with the context `elementContext`, read
///   as 1024 little-endian `UInt16` lanes (lane i is bytes 2i, 2i + 1).
/// - Inserting `e` adds `X(e)` lane-wise mod 2¹⁶; removing subtracts it. The state of a
///   multiset is the sum of its elements' values (multiplicity counts), so it does not depend
///   on order, batches merge by adding, and a removal needs no inverse.
/// - Encoding: the 1024 lanes in order, each little-endian (2048 bytes). Every 2048-byte
///   string is a state.
/// - Digest: 32 bytes of BLAKE3 of the encoding, in key-derivation mode with the context
///   `digestContext`.
///
/// Soundness. Finding two distinct multisets with the same state (with the element values
/// modelled as random oracles, which the XOF provides) is solving a random instance of the
/// subset-sum / short-integer-solution problem in Z/2¹⁶ of dimension 1024: Bellare and
/// Micciancio ("A new paradigm for collision-free hashing: incrementality at reduced cost",
/// EUROCRYPT 1997) reduce it to worst-case lattice problems; Lewi, Kim, Maykov and Weis
/// ("Securing update propagation with homomorphic hashing", 2019, the analysis behind
/// Facebook's folly LtHash) estimate n = 1024, d = 16 at about 200 bits of security with the
/// lattice-reduction attacks known then, well above the 128 bits the rest of the chain
/// (SHA-256, secp256k1) offers. Solana's accounts lattice hash (SIMD-0215) is this exact
/// shape: 1024 × u16 lanes from a 2048-byte BLAKE3 XOF.
/// Collisions with multiplicities past 2¹⁶ are not a concern: the state is a commitment to
/// a set that validators build by the chain's rules, not to arbitrary counts.
///
/// Cost: an element is one BLAKE3 of the element plus 32 output compressions and a
/// 1024-lane add; there is no big-number arithmetic and no inversion anywhere.
public struct LtHash: Hashable, Sendable {
    /// Lanes of the state.
    public static let laneCount = 1024
    /// Bytes of the state's encoding and of an element's value.
    public static let byteCount = 2 * laneCount

    /// BLAKE3 `derive_key` context of the element expansion.
    public static let elementContext = "Lodestone 2026-12-02 UTXO-set LtHash16 element"
    /// BLAKE3 `derive_key` context of the digest.
    public static let digestContext = "Lodestone 2026-12-02 UTXO-set LtHash16 digest"

    /// Hashers with the contexts already absorbed (one context hash each, once per process).
    private static let elementHasher = BLAKE3.Hasher(derivingKeyFrom: elementContext)
    private static let digestHasher = BLAKE3.Hasher(derivingKeyFrom: digestContext)

    /// The lanes, `laneCount` of them.
    private(set) var lanes: [UInt16]

    /// The state of the empty multiset: all lanes zero.
    public init() { lanes = [UInt16](repeating: 0, count: Self.laneCount) }

    /// The state encoded by `bytes` (exactly `byteCount` of them; every such string is a state).
    public init(littleEndianBytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == Self.byteCount, "an LtHash16 state is 2048 bytes")
        lanes = (0..<Self.laneCount).map { UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
    }

    /// The encoding: each lane little-endian, lane 0 first.
    public var littleEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.byteCount) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, lane) in lanes.enumerated() { raw.storeBytes(of: lane.littleEndian, toByteOffset: 2 * index, as: UInt16.self) }
            count = Self.byteCount
        }
    }

    /// Adds one occurrence of `element`.
    public mutating func insert(_ element: UnsafeRawBufferPointer) { combine(element, subtract: false) }

    /// Removes one occurrence of `element` (adds its negation: nothing to invert).
    public mutating func remove(_ element: UnsafeRawBufferPointer) { combine(element, subtract: true) }

    /// The union of two multisets (with their removals): lane-wise sum.
    public static func += (lhs: inout LtHash, rhs: LtHash) {
        rhs.lanes.withUnsafeBufferPointer { other in
            lhs.lanes.withUnsafeMutableBufferPointer { lanes in
                for index in 0..<laneCount { lanes[index] &+= other[index] }
            }
        }
    }

    /// Removes the multiset `rhs` from `lhs`: lane-wise difference.
    public static func -= (lhs: inout LtHash, rhs: LtHash) {
        rhs.lanes.withUnsafeBufferPointer { other in
            lhs.lanes.withUnsafeMutableBufferPointer { lanes in
                for index in 0..<laneCount { lanes[index] &-= other[index] }
            }
        }
    }

    /// The 32-byte digest: BLAKE3 (`digestContext`) of the encoding.
    public var digest: [UInt8] {
        var hasher = Self.digestHasher
        hasher.update(littleEndianBytes)
        return hasher.finalize()
    }

    /// Adds or subtracts `X(element)`: the XOF output goes to a stack buffer (no allocation)
    /// and is added in one pass the compiler vectorizes.
    private mutating func combine(_ element: UnsafeRawBufferPointer, subtract: Bool) {
        var hasher = Self.elementHasher
        hasher.update(element)
        let root = hasher.rootOutput()
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: Self.laneCount) { value in
            let raw = UnsafeMutableRawBufferPointer(value)
            root.fill(raw)
            lanes.withUnsafeMutableBufferPointer { lanes in
                if subtract {
                    for index in 0..<Self.laneCount { lanes[index] &-= UInt16(littleEndian: value[index]) }
                } else {
                    for index in 0..<Self.laneCount { lanes[index] &+= UInt16(littleEndian: value[index]) }
                }
            }
        }
    }
}
