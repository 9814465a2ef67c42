import Crypto
import Primitives

// Encoded like a multisig program's body: the threshold byte, then the keys (a count and
// each key). Decoding bounds the count; `problem(suite:)` checks the rest.
extension FederationKeys: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        writer.write(threshold)
        writer.writeArray(keys)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let threshold = try reader.readUInt8()
        self.init(threshold: threshold, keys: try reader.readArray(of: PublicKey.self, field: "federation.keys", limit: Self.keysMax))
    }
}
