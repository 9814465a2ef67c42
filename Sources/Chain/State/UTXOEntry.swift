import Ledger
import Primitives

/// Where an order entered the chain: its time priority. Orders at one price fill in this
/// order, on every node, whatever order a hash table would give.
public struct OrderPosition: Hashable, Comparable, Sendable, CanonicalCodable {
    public let height: UInt64
    public let transaction: UInt32
    public let output: UInt32

    public init(height: UInt64, transaction: UInt32, output: UInt32) {
        self.height = height
        self.transaction = transaction
        self.output = output
    }

    public static func < (lhs: OrderPosition, rhs: OrderPosition) -> Bool {
        (lhs.height, lhs.transaction, lhs.output) < (rhs.height, rhs.transaction, rhs.output)
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(transaction)
        writer.write(output)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(height: try reader.readUInt64(), transaction: try reader.readUInt32(), output: try reader.readUInt32())
    }
}

/// The identity of a resting order: the ID of the output that created it and its priority.
/// A partial fill's remainder carries both unchanged.
public struct OrderMeta: Hashable, Sendable {
    public let orderID: Hash256
    public let position: OrderPosition

    public init(orderID: Hash256, position: OrderPosition) {
        self.orderID = orderID
        self.position = position
    }
}

/// One unspent output with what the exchange needs to rebuild its books from the UTXO set
/// alone: for a magnetic output, the order's ID and priority.
public struct UTXOEntry: Hashable, Sendable, CanonicalCodable {
    public let output: Output
    public let order: OrderMeta?

    public init(output: Output, order: OrderMeta?) {
        self.output = output
        self.order = order
    }

    public func encode(to writer: inout ByteWriter) {
        output.encode(to: &writer)
        writer.write(order != nil)
        if let order {
            writer.write(order.orderID)
            order.position.encode(to: &writer)
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let output = try Output(from: &reader)
        let isOrder = try reader.readBool(field: "utxo.order")
        self.init(
            output: output, order: isOrder ? OrderMeta(orderID: try reader.readHash(), position: try OrderPosition(from: &reader)) : nil)
    }

    /// The bytes the state commitment hashes for this entry.
    /// (`id.bytes + canonicalBytes`, written in one buffer: every created and spent entry of
    /// a block is one.)
    public func commitmentElement(id: Hash256) -> [UInt8] {
        var writer = ByteWriter(capacity: 256)
        writer.write(id)
        encode(to: &writer)
        return writer.bytes
    }
}
