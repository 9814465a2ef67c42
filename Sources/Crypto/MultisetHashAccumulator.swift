/// A batch of insertions and removals waiting to be applied to a `MultisetHash`, e.g. one
/// block's created and spent outputs.
///
/// The batch is a MuHash3072 fraction: `insert` multiplies the numerator by the element's
/// value, `remove` the denominator, so each costs one expansion and one multiplication and
/// the batch takes 768 bytes however large it grows. `applied(to:)` inverts once.
/// Accumulators are independent values, so a block's elements can be hashed on several
/// threads, one accumulator each, and `merge`d: the product does not depend on the split
/// or the order.
public struct MultisetHashAccumulator: Sendable {
    /// Insertions in the numerator, removals in the denominator.
    var fraction = MuHash3072()

    /// Insertions plus removals pending.
    public private(set) var count = 0

    /// An empty batch.
    public init() {}

    /// Adds one occurrence of `element` (a multiset: inserting twice counts twice).
    public mutating func insert(_ element: [UInt8]) throws(MultisetHashError) {
        fraction.insert(try Self.domainSeparated(element))
        count += 1
    }

    /// Removes one occurrence of `element`. Whether it is present is the caller's to know
    /// (the UTXO view): removing an absent element yields the hash of no real set.
    public mutating func remove(_ element: [UInt8]) throws(MultisetHashError) {
        fraction.remove(try Self.domainSeparated(element))
        count += 1
    }

    /// Takes over `other`'s pending work, e.g. from another thread: two multiplications.
    public mutating func merge(_ other: MultisetHashAccumulator) {
        fraction *= other.fraction
        count += other.count
    }

    /// `state` with every pending insertion and removal applied: one multiplication and one
    /// inversion (none when nothing was removed).
    public func applied(to state: MultisetHash) throws(MultisetHashError) -> MultisetHash {
        guard count > 0 else { return state }
        var total = fraction
        total.numerator.multiply(by: state.value)
        total.normalize()
        // Only an element whose value is ≡ 0 mod p gets here: finding one means inverting
        // SHA-256 and ChaCha20. Refused rather than stored, since 0 never leaves 0.
        guard total.numerator != .zero else { throw .zeroState }
        return MultisetHash(value: total.numerator)
    }

    /// What MuHash3072 hashes for `element`: its 32-byte `Lodestone/MultisetElement` tagged
    /// hash, so no other use of MuHash can produce the same values.
    private static func domainSeparated(_ element: [UInt8]) throws(MultisetHashError) -> [UInt8] {
        guard element.count <= MultisetHash.maxElementBytes else {
            throw .elementTooLong(length: element.count, limit: MultisetHash.maxElementBytes)
        }
        return Secp256k1.shared.taggedHash(tag: HashTag.multisetElement.bytes, message: element)
    }
}

