import Primitives

/// The state's canonical encoding: `le384(S(M))`, 384 bytes, no length prefix, so a node
/// can persist its UTXO-set state and continue updating it after a restart.
extension MultisetHash: CanonicalCodable {
    /// Bytes of the canonical encoding.
    public static let encodedLength = Num3072.byteCount

    public func encode(to writer: inout ByteWriter) { writer.writeRaw(value.littleEndianBytes) }

    /// Reads 384 bytes; a value ≥ p (a second spelling of a smaller one) or 0 (no multiset
    /// has it) is `invalid_value`.
    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let value = try reader.readRaw(Self.encodedLength).withUnsafeBytes { Num3072(littleEndianBytes: $0) }
        guard !value.isAtLeastModulus else {
            throw .invalidValue(field: "multiset_hash", reason: "not below the modulus 2^3072 - 1103717")
        }
        guard value != .zero else { throw .invalidValue(field: "multiset_hash", reason: "zero is no multiset's state") }
        self.init(value: value)
    }
}
