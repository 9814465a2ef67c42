import Crypto
import Primitives

/// What a mint input (`Witness.pegIn`) carries to prove its deposit: the main-chain
/// transaction whole, which of its outputs is the deposit, the main-chain header holding it
/// with the Merkle proof of the transaction's canonical encoding in that header's
/// transaction root, and at least m federation signatures over the input's normal signature
/// hash. The input spends `Transaction.outputID(transactionID: deposit.id, index:
/// outputIndex)`, the main-chain output ID, which is what makes a deposit mint once.
public struct PegInEvidence: Hashable, Sendable {
    /// At most one signature per federation key.
    public static let signaturesMax = FederationKeys.keysMax

    public let deposit: Transaction
    public let outputIndex: UInt32
    public let blockHash: Hash256
    public let proof: MerkleProof
    /// By distinct federation keys, in strictly ascending key index order.
    public let signatures: [KeySignature]

    public init(deposit: Transaction, outputIndex: UInt32, blockHash: Hash256, proof: MerkleProof, signatures: [KeySignature]) {
        self.deposit = deposit
        self.outputIndex = outputIndex
        self.blockHash = blockHash
        self.proof = proof
        self.signatures = signatures
    }

    /// The main-chain output this evidence deposits: what the mint input must spend.
    public func depositOutputID(suite: any CryptoSuite) -> Hash256 {
        Transaction.outputID(transactionID: deposit.id(suite: suite), index: Int(outputIndex), suite: suite)
    }

    /// The same evidence with `signatures` (the federation adds them last: they sign the mint
    /// transaction, whose ID the evidence is not part of).
    public func withSignatures(_ signatures: [KeySignature]) -> PegInEvidence {
        PegInEvidence(deposit: deposit, outputIndex: outputIndex, blockHash: blockHash, proof: proof, signatures: signatures)
    }
}
