import CSecp256k1

/// A batch of insertions and removals waiting to be applied to a `MultisetHash`, e.g. one
/// block's created and spent outputs.
///
/// The costly step, mapping an element to its curve point, happens in `insert` and
/// `remove`; `applied(to:)` then adds the whole batch in one library call. Accumulators are
/// independent values, so a block's elements can be hashed on several threads, one
/// accumulator each, and `merge`d: the sum does not depend on the split or the order.
public struct MultisetHashAccumulator: Sendable {
    /// Most pending points (64 bytes each, so at most 64 MiB). Recomputing a larger set
    /// from scratch takes several batches, each applied to the previous state.
    public static let maxPoints = 1 << 20

    /// `P(e)` per insertion and `−P(e)` per removal, in no meaningful order.
    private var points: [secp256k1_pubkey] = []

    /// An empty batch.
    public init() {}

    /// Insertions plus removals pending.
    public var count: Int { points.count }

    /// Adds one occurrence of `element` (a multiset: inserting twice counts twice).
    public mutating func insert(_ element: [UInt8]) throws(MultisetHashError) {
        try insert(MultisetElement(element))
    }

    /// Removes one occurrence of `element`. Whether it is present is the caller's to know
    /// (the UTXO view): removing an absent element yields the hash of no real set.
    public mutating func remove(_ element: [UInt8]) throws(MultisetHashError) {
        try remove(MultisetElement(element))
    }

    /// Appends one point, within the batch limit.
    mutating func append(_ point: secp256k1_pubkey) throws(MultisetHashError) {
        try checkRoom(for: 1)
        points.append(point)
    }

    /// Takes over `other`'s pending work, e.g. from another thread.
    public mutating func merge(_ other: MultisetHashAccumulator) throws(MultisetHashError) {
        try checkRoom(for: other.count)
        points += other.points
    }

    /// `state` with every pending insertion and removal applied, in one
    /// `secp256k1_ec_pubkey_combine` call (one normalization for the batch, not one per
    /// element). The state is part of that one sum, so an element inserted and removed in
    /// the same batch never makes an intermediate infinity.
    public func applied(to state: MultisetHash) throws(MultisetHashError) -> MultisetHash {
        guard !points.isEmpty else { return state }
        guard let sum = Secp256k1.shared.sum(state.point, points) else { throw .sumAtInfinity }
        return MultisetHash(point: sum)
    }

    private func checkRoom(for extra: Int) throws(MultisetHashError) {
        guard extra <= Self.maxPoints - points.count else { throw .batchFull(limit: Self.maxPoints) }
    }
}
