import Crypto
import Primitives

extension Transaction {
    /// The transaction ID: the tagged hash of the body (no witnesses).
    public func id(suite: any CryptoSuite) -> Hash256 {
        suite.hash(.transactionID, bodyBytes)
    }

    /// The ID of output `index` of the transaction `transactionID`.
    public static func outputID(transactionID: Hash256, index: Int, suite: any CryptoSuite) -> Hash256 {
        var writer = ByteWriter(capacity: 36)
        writer.write(transactionID)
        writer.write(UInt32(index))
        return suite.hash(.outputID, writer.bytes)
    }

    /// What the key behind input `index` signs: the chain ID (no replay across chains),
    /// the transaction ID (all inputs, outputs and fee), the input's index and the output
    /// it spends.
    public static func signatureHash(
        chainID: Hash256, transactionID: Hash256, inputIndex: Int, spentOutputID: Hash256, suite: any CryptoSuite
    ) -> Hash256 {
        var writer = ByteWriter(capacity: 100)
        writer.write(chainID)
        writer.write(transactionID)
        writer.write(UInt32(inputIndex))
        writer.write(spentOutputID)
        return suite.hash(.signatureHash, writer.bytes)
    }

    /// The signature hash of one of this transaction's inputs.
    public func signatureHash(inputIndex: Int, chainID: Hash256, suite: any CryptoSuite) -> Hash256 {
        Self.signatureHash(
            chainID: chainID, transactionID: id(suite: suite), inputIndex: inputIndex,
            spentOutputID: inputs[inputIndex].spentOutputID, suite: suite)
    }

    /// What a seller signs to cancel an order by its ID: the chain ID and the order ID (the
    /// ID of the output that first created the order).
    public static func cancelMessage(chainID: Hash256, orderID: Hash256, suite: any CryptoSuite) -> Hash256 {
        var writer = ByteWriter(capacity: 64)
        writer.write(chainID)
        writer.write(orderID)
        return suite.hash(.orderCancel, writer.bytes)
    }
}
