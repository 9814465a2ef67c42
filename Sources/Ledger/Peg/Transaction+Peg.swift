import Crypto
import Primitives

extension Transaction {
    /// Whether this is a mint: some input carries peg-in evidence (a valid mint has nothing else).
    public var isPegIn: Bool {
        inputs.contains { if case .pegIn = $0.witness { true } else { false } }
    }

    /// The main-chain deposit output IDs a mint spends: its peg-in inputs' spent outputs (the
    /// keys that make each deposit mint once).
    public var mintedDepositIDs: [Hash256] {
        inputs.compactMap { input in
            if case .pegIn = input.witness { input.spentOutputID } else { nil }
        }
    }

    /// The sidechain burn (cross-chain-out output ID) this main-chain transaction pays, named
    /// by its `Witness.pegOut` inputs (one burn per transaction), or nil when it pays none.
    /// The main chain keeps the set of paid burns and refuses a second payment.
    public var pegOutBurnID: Hash256? {
        for input in inputs {
            if case .pegOut(let burnOutputID, _) = input.witness { return burnOutputID }
        }
        return nil
    }

    /// What a federation member signs for a peg-out input: the input's normal signature hash
    /// (main-chain ID, transaction, input) bound to the burn it pays, so a signature paying one
    /// burn cannot pay another.
    public static func pegOutMessage(sighash: Hash256, burnOutputID: Hash256, suite: any CryptoSuite) -> Hash256 {
        var writer = ByteWriter(capacity: 64)
        writer.write(sighash)
        writer.write(burnOutputID)
        return suite.hash(.pegOut, writer.bytes)
    }

    /// The peg-out message of input `inputIndex` of this transaction on chain `chainID`.
    public func pegOutMessage(inputIndex: Int, burnOutputID: Hash256, chainID: Hash256, suite: any CryptoSuite) -> Hash256 {
        Self.pegOutMessage(
            sighash: signatureHash(inputIndex: inputIndex, chainID: chainID, suite: suite), burnOutputID: burnOutputID, suite: suite)
    }
}
