import Crypto
import Ledger
import Primitives

/// A seller's request to cancel an order by its ID: whatever remains of the order, wherever
/// partial fills have moved it, returns to the seller program in the block's settlement.
public struct CancelRequest: Hashable, Sendable, CanonicalCodable {
    /// The ID of the output that created the order.
    public let orderID: Hash256
    /// The seller key's signature of `Transaction.cancelMessage(chainID:orderID:)`.
    public let signature: Signature

    public init(orderID: Hash256, signature: Signature) {
        self.orderID = orderID
        self.signature = signature
    }

    /// Signs a cancel of `orderID` with the order's seller key.
    public static func signed(
        orderID: Hash256, chainID: Hash256, key: any SigningKey, suite: any CryptoSuite
    ) throws(CryptoError) -> CancelRequest {
        let message = Transaction.cancelMessage(chainID: chainID, orderID: orderID, suite: suite)
        return CancelRequest(orderID: orderID, signature: try suite.sign(message.bytes, with: key))
    }

    /// Whether `signature` is `sellerKey`'s cancel of this order on `chainID`.
    public func isSigned(by sellerKey: PublicKey, chainID: Hash256, suite: any CryptoSuite) -> Bool {
        let message = Transaction.cancelMessage(chainID: chainID, orderID: orderID, suite: suite)
        return suite.verify(signature, of: message.bytes, by: sellerKey)
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(orderID)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(orderID: try reader.readHash(), signature: try Signature(from: &reader))
    }
}
