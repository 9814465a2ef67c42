import Crypto
import Ledger
import MainChain
import Primitives

/// Builds the sidechain mint for a judged deposit, makes this member's signature share, and
/// assembles a mint from the federation's shares.
///
/// A mint spends the main-chain output ID (the key that makes it happen once) with
/// `Witness.pegIn`: the deposit transaction whole, the Merkle proof of its canonical
/// encoding in its block's transaction root, the block hash, and ≥ m signatures over the
/// input's normal signature hash under the sidechain's chain ID. It pays exactly one output:
/// the deposit's asset and amount to the destination program; fee 0. Signatures are outside
/// the transaction ID, so every member signs the same hash whatever the others add.
public struct MintBuilder: Sendable {
    public let terms: PegTerms

    public init(terms: PegTerms) {
        self.terms = terms
    }

    /// The mint for deposit `outputID` in `block`, without signatures. Fails when the output
    /// is not in the block, is not a deposit to this federation, or is not to be minted.
    public func mint(outputID: Hash256, in block: MainChainBlock) throws(FederationError) -> Transaction {
        let suite = terms.suite
        guard let found = DepositScanner.deposits(in: block, terms: terms).first(where: { $0.outputID == outputID }) else {
            throw .notMintable(
                outputID: outputID, reason: "no deposit to this federation with that ID in block \(block.hash(suite: suite))")
        }
        let verdict = terms.judge(found.output, found.terms)
        guard verdict == .mint, case .success(let destination) = found.terms.destinationProgram(suite: suite) else {
            throw .notMintable(outputID: outputID, reason: "the deposit is refunded (\(verdict))")
        }
        let leaves = block.transactions.map { MerkleTree.leafHash($0.canonicalBytes, suite: suite) }
        let proof = MerkleTree.proof(ofLeafAt: found.transactionIndex, inHashes: leaves, suite: suite)
        let evidence = PegInEvidence(
            deposit: block.transactions[found.transactionIndex], outputIndex: UInt32(found.outputIndex),
            blockHash: block.hash(suite: suite), proof: proof, signatures: [])
        assert(evidence.depositOutputID(suite: suite) == outputID, "the evidence names the deposit")
        return Transaction(
            inputs: [Input(spending: outputID, witness: .pegIn(evidence))],
            outputs: [Output(asset: found.output.asset, amount: found.output.amount, program: destination)], fee: .zero)
    }

    /// What every federation key signs for input `index` of `mint`.
    public func signatureHash(of mint: Transaction, inputIndex index: Int = 0) -> Hash256 {
        mint.signatureHash(inputIndex: index, chainID: terms.sidechainChainID, suite: terms.suite)
    }

    /// This member's share: its key's signature of the mint input's signature hash, with its
    /// index in the federation.
    public func share(of mint: Transaction, key: any SigningKey, inputIndex: Int = 0) throws(FederationError) -> KeySignature {
        guard let index = terms.federation.keys.firstIndex(of: key.publicKey) else {
            throw .badConfiguration("this member's key is not in the federation")
        }
        do {
            let signature = try terms.suite.sign(signatureHash(of: mint, inputIndex: inputIndex).bytes, with: key)
            return KeySignature(keyIndex: UInt8(index), signature: signature)
        } catch {
            throw .signingFailed(error)
        }
    }

    /// The shares that verify for input `inputIndex`, one per key, in ascending key index.
    public func validShares(_ shares: [KeySignature], of mint: Transaction, inputIndex: Int = 0) -> [KeySignature] {
        let message = signatureHash(of: mint, inputIndex: inputIndex).bytes
        var byIndex: [UInt8: KeySignature] = [:]
        for share in shares where byIndex[share.keyIndex] == nil {
            guard Int(share.keyIndex) < terms.federation.keys.count,
                terms.suite.verify(share.signature, of: message, by: terms.federation.keys[Int(share.keyIndex)])
            else { continue }
            byIndex[share.keyIndex] = share
        }
        return byIndex.keys.sorted().compactMap { byIndex[$0] }
    }

    /// The mint with the valid shares (one per key, ascending key index) in its evidence;
    /// fails with fewer than the threshold. Shares that do not verify are dropped.
    public func assemble(_ mint: Transaction, shares: [KeySignature]) throws(FederationError) -> Transaction {
        var assembled = mint
        for index in mint.inputs.indices {
            guard case .pegIn(let evidence) = mint.inputs[index].witness else {
                throw .notMintable(outputID: mint.inputs[index].spentOutputID, reason: "input \(index) is not a peg-in")
            }
            let valid = validShares(shares, of: mint, inputIndex: index)
            guard valid.count >= Int(terms.federation.threshold) else {
                throw .tooFewShares(valid: valid.count, required: Int(terms.federation.threshold))
            }
            assembled.inputs[index].witness = .pegIn(evidence.withSignatures(valid))
        }
        return assembled
    }
}
