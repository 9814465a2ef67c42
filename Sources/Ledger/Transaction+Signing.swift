import Crypto
import Primitives

extension Transaction {
    /// A copy whose input witnesses are produced by `witness(inputIndex, signatureHash)`.
    /// Witnesses are outside the transaction ID, so every input signs the same ID.
    public func withWitnesses(
        chainID: Hash256, suite: any CryptoSuite,
        _ witness: (_ inputIndex: Int, _ signatureHash: [UInt8]) throws -> Witness
    ) rethrows -> Transaction {
        let transactionID = id(suite: suite)
        var copy = self
        for index in inputs.indices {
            let sighash = Transaction.signatureHash(
                chainID: chainID, transactionID: transactionID, inputIndex: index,
                spentOutputID: inputs[index].spentOutputID, suite: suite)
            copy.inputs[index].witness = try witness(index, sighash.bytes)
        }
        return copy
    }
}
