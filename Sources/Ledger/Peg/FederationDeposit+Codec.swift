import Crypto
import Primitives

// The federation, the destination (length-prefixed, at most `destinationBytesMax`), then the
// refund program, which may only be pay-to-key or multisig (tags 1 and 2): nesting is
// bounded by construction, as for an order's seller program.
extension FederationDeposit: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) {
        federation.encode(to: &writer)
        writer.writeBytes(destination)
        refund.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let federation = try FederationKeys(from: &reader)
        let destination = try reader.readBytes(field: "federation_deposit.destination", limit: Self.destinationBytesMax)
        let tag = try reader.readUInt8()
        guard tag == 1 || tag == 2 else { throw .unknownTag(field: "federation_deposit.refund", tag: UInt64(tag)) }
        self.init(federation: federation, destination: destination, refund: try ControlProgram.decodePayout(tag: tag, from: &reader))
    }
}
