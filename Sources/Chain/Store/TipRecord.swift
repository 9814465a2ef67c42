import Crypto
import Primitives

/// The stored tip: the last committed block's height, hash and header, and the UTXO-set
/// commitment after it (checked against the stored set on every open).
struct TipRecord: CanonicalCodable {
    let height: UInt64
    let hash: Hash256
    let commitment: MultisetHash
    /// Nil at genesis.
    let header: BlockHeader?

    init(height: UInt64, hash: Hash256, commitment: MultisetHash, header: BlockHeader?) {
        self.height = height
        self.hash = hash
        self.commitment = commitment
        self.header = header
    }

    func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(hash)
        commitment.encode(to: &writer)
        writer.write(header != nil)
        if let header { header.encode(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(PrimitivesError) {
        let height = try reader.readUInt64()
        let hash = try reader.readHash()
        let commitment = try MultisetHash(from: &reader)
        let header = try reader.readBool(field: "tip.header") ? try BlockHeader(from: &reader) : nil
        self.init(height: height, hash: hash, commitment: commitment, header: header)
    }
}
