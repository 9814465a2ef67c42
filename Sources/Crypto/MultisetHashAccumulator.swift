/// A batch of insertions and removals waiting to be applied to a `MultisetHash`, e.g. one
/// block's created and spent outputs.
///
/// The batch is an LtHash16 vector: `insert` adds the element's value, `remove` subtracts
/// it, so each costs one BLAKE3 expansion and one lane-wise add, and the batch takes 2048
/// bytes however large it grows. Accumulators are independent values, so a block's elements
/// can be hashed on several threads, one accumulator each, and `merge`d: the sum does not
/// depend on the split or the order. Applying is one more add: no inversion, no failure.
public struct MultisetHashAccumulator: Sendable {
    /// Insertions added, removals subtracted.
    var delta = LtHash()

    /// Insertions plus removals pending.
    public private(set) var count = 0

    /// An empty batch.
    public init() {}

    /// Adds one occurrence of `element` (a multiset: inserting twice counts twice).
    public mutating func insert(_ element: [UInt8]) throws(MultisetHashError) {
        try Self.check(element)
        element.withUnsafeBytes { delta.insert($0) }
        count += 1
    }

    /// Removes one occurrence of `element`. Whether it is present is the caller's to know
    /// (the UTXO view): removing an absent element yields the hash of no real set.
    public mutating func remove(_ element: [UInt8]) throws(MultisetHashError) {
        try Self.check(element)
        element.withUnsafeBytes { delta.remove($0) }
        count += 1
    }

    /// Takes over `other`'s pending work, e.g. from another thread: one lane-wise add.
    public mutating func merge(_ other: MultisetHashAccumulator) {
        delta += other.delta
        count += other.count
    }

    /// `state` with every pending insertion and removal applied: one lane-wise add.
    public func applied(to state: MultisetHash) -> MultisetHash {
        guard count > 0 else { return state }
        var total = state.state
        total += delta
        return MultisetHash(state: total)
    }

    private static func check(_ element: [UInt8]) throws(MultisetHashError) {
        guard element.count <= MultisetHash.maxElementBytes else {
            throw .elementTooLong(length: element.count, limit: MultisetHash.maxElementBytes)
        }
    }
}
