import CSecp256k1

/// One element already mapped to its curve point. Mapping is the costly step of a
/// multiset hash; a caller that keeps an element for a while (a UTXO) maps it once, when it
/// is created, and removing it later costs only a negation.
public struct MultisetElement: Sendable {
    let point: secp256k1_pubkey

    /// Maps `element` to its point (see `MultisetHash` for the construction).
    public init(_ element: [UInt8]) throws(MultisetHashError) {
        point = try MultisetHash.mapToCurve(element, tag: .multisetElement)
    }
}

extension MultisetHashAccumulator {
    /// Adds one occurrence of an element mapped earlier.
    public mutating func insert(_ element: MultisetElement) throws(MultisetHashError) {
        try append(element.point)
    }

    /// Removes one occurrence of an element mapped earlier.
    public mutating func remove(_ element: MultisetElement) throws(MultisetHashError) {
        try append(Secp256k1.shared.negated(element.point))
    }
}
