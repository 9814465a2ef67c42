import Primitives

/// The state's canonical encoding: the 33-byte compressed point, no length prefix, so a
/// node can persist its UTXO-set state and continue updating it after a restart.
extension MultisetHash: CanonicalCodable {
    /// Bytes of the canonical encoding.
    public static let encodedLength = Secp256k1.compressedPointLength

    public func encode(to writer: inout ByteWriter) { writer.writeRaw(compressedPoint) }

    /// Reads 33 bytes; anything but the one encoding of a curve point (bad prefix, x ≥ p,
    /// x not on the curve) is `invalid_value`.
    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let bytes = try reader.readRaw(Self.encodedLength)
        guard Secp256k1.shared.parseCompressedPoint(bytes) != nil else {
            throw .invalidValue(field: "multiset_hash", reason: "not a compressed secp256k1 point")
        }
        compressedPoint = bytes
    }
}
