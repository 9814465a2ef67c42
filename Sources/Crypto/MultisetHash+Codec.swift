import Primitives

/// The state's canonical encoding: the 1024 LtHash16 lanes, each little-endian (2048
/// bytes, no length prefix), so a node can persist its UTXO-set state and continue updating
/// it after a restart. Every 2048-byte string is a state, so only the length can be wrong.
extension MultisetHash: CanonicalCodable {
    /// Bytes of the canonical encoding.
    public static let encodedLength = LtHash.byteCount

    public func encode(to writer: inout ByteWriter) { writer.writeRaw(state.littleEndianBytes) }

    /// Reads 2048 bytes (`truncated` when fewer are left).
    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let state = try reader.readRaw(Self.encodedLength).withUnsafeBytes { LtHash(littleEndianBytes: $0) }
        self.init(state: state)
    }
}
