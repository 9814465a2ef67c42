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
    @inlinable
    public init(bytes: some Collection<UInt8>) throws(PrimitivesError) {
        guard bytes.count == 32 else {
            throw .invalidValue(field: "hash", reason: "expected 32 bytes, got \(bytes.count)")
        }
        // Hashes are made on every hot path (IDs, signature hashes, commitments): read the
        // words straight from contiguous storage when there is one.
        if let hash = bytes.withContiguousStorageIfAvailable(Hash256.init(contiguous:)) {
            self = hash
        } else {
            self = Array(bytes).withUnsafeBufferPointer(Hash256.init(contiguous:))
        }
    }

    @inlinable
    init(contiguous buffer: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(buffer)
        self.init(
            w0: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            w1: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            w2: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            w3: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// Creates a hash from 64 hex digits.
    public init(hex: String) throws(PrimitivesError) {
        try self.init(bytes: Hex.decode(hex))
    }

    /// The 32 bytes, most significant first.
    @inlinable
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.storeBytes(of: w0.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: w1.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: w2.bigEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: w3.bigEndian, toByteOffset: 24, as: UInt64.self)
            count = 32
        }
    }

    public var description: String { Hex.encode(bytes) }

    /// Feeds one word to the hasher, the XOR of the four: a digest is uniform, so one word
    /// spreads dictionary buckets as well as all 256 bits (equality still compares all of
    /// them), and IDs key every hot dictionary (UTXOs, pool entries, books), so this saves
    /// three of four SipHash rounds per lookup. XOR rather than one word, so that values
    /// differing in any word (test and benchmark IDs made from counters) still spread.
    /// Grinding IDs into one bucket would take a 64-bit preimage search per ID against a
    /// per-process random seed.
    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(w0 ^ w1 ^ w2 ^ w3) }

    /// What `Dictionary` and `Set` call: a keyed multiply-fold of all four words, without
    /// SipHash's set-up and finalization (which were a tenth of a block's execution). The key
    /// mixes the table's seed with a per-process random one, so bucket positions stay
    /// unpredictable to whoever grinds IDs; the IDs themselves are already uniform.
    /// (`_rawHashValue(seed:)` is the standard library's customization point for this.)
    @inlinable
    public func _rawHashValue(seed: Int) -> Int {
        let key = UInt64(UInt(bitPattern: seed)) ^ Hash256.processHashKey
        let low = (w0 ^ key).multipliedFullWidth(by: w1 ^ 0x9E37_79B9_7F4A_7C15)
        let high = (w2 ^ key).multipliedFullWidth(by: w3 ^ 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: low.high ^ low.low ^ high.high ^ high.low)
    }

    /// Drawn once per process; hash tables are never iterated in a state transition, so
    /// their layout may differ between runs without changing any result.
    @usableFromInline
    static let processHashKey = UInt64.random(in: .min ... .max)

    public static func < (lhs: Hash256, rhs: Hash256) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}
