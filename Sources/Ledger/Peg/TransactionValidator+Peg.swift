import Crypto
import Primitives

// The peg's rules (docs/PROTOCOL.md §5e), in their fixed order. A mint's spent outputs come
// from its evidence, not the UTXO view: the deposits live on the main chain. Whether a deposit
// was already minted, and whether the peg is halted, are the chain's rules (its state).
extension TransactionValidator {
    /// The outputs a mint spends: for every input in order, the deposit output its evidence
    /// names. Transaction rules first (peg enabled, only peg-in inputs, no fee, one output per
    /// input), then per input: the output exists, the input spends its main-chain output ID,
    /// and it is a federation deposit.
    func mintSpentOutputs(_ transaction: Transaction) throws(LedgerError) -> [Output] {
        guard context.peg != nil else { throw .pegInNotEnabled }
        var evidence: [PegInEvidence] = []
        evidence.reserveCapacity(transaction.inputs.count)
        for (index, input) in transaction.inputs.enumerated() {
            guard case .pegIn(let item) = input.witness else { throw .pegInMixedTransaction(input: index) }
            evidence.append(item)
        }
        guard transaction.fee == .zero else { throw .pegInFeeNotZero(fee: transaction.fee.units) }
        guard transaction.outputs.count == transaction.inputs.count else {
            throw .pegInOutputCount(inputs: transaction.inputs.count, outputs: transaction.outputs.count)
        }
        var spent: [Output] = []
        spent.reserveCapacity(evidence.count)
        for (index, item) in evidence.enumerated() {
            guard Int(item.outputIndex) < item.deposit.outputs.count else {
                throw .pegInDepositOutputMissing(input: index, outputIndex: item.outputIndex, outputCount: item.deposit.outputs.count)
            }
            let expected = item.depositOutputID(suite: context.suite)
            guard transaction.inputs[index].spentOutputID == expected else {
                throw .pegInWrongOutputID(input: index, expected: expected)
            }
            let output = item.deposit.outputs[Int(item.outputIndex)]
            guard case .federationDeposit = output.program else { throw .pegInNotADeposit(input: index) }
            spent.append(output)
        }
        return spent
    }

    /// One mint input against its deposit, after `mintSpentOutputs`: the federation is this
    /// chain's, the asset pegged and the amount at least its minimum, the destination a payout
    /// program that output `inputIndex` pays exactly, the block known, the proof good, the block
    /// K deep on the best header chain, and the federation's signatures.
    func checkMint(
        deposit: FederationDeposit, evidence: PegInEvidence, spent: Output, transaction: Transaction, inputIndex: Int,
        signed: SignedInput
    ) throws(LedgerError) {
        guard let peg = context.peg else { throw .pegInNotEnabled }
        let suite = context.suite
        guard deposit.federation == peg.federation else { throw .pegInWrongFederation(input: inputIndex) }
        guard let minimum = peg.depositMinimums[spent.asset] else { throw .pegInAssetNotPegged(input: inputIndex, asset: spent.asset) }
        guard spent.amount >= minimum else {
            throw .pegInBelowMinimum(input: inputIndex, amount: spent.amount.units, minimum: minimum.units)
        }
        let destination: ControlProgram
        switch deposit.destinationProgram(suite: suite) {
        case .success(let program): destination = program
        case .failure(let problem): throw .pegInMalformedDestination(input: inputIndex, reason: problem.reason)
        }
        let output = transaction.outputs[inputIndex]
        guard output.asset == spent.asset else { throw .pegInOutputMismatch(input: inputIndex, reason: "asset differs") }
        guard output.amount == spent.amount else {
            throw .pegInOutputMismatch(input: inputIndex, reason: "amount \(output.amount.units), deposit \(spent.amount.units)")
        }
        guard output.program == destination else {
            throw .pegInOutputMismatch(input: inputIndex, reason: "program is not the deposit's destination")
        }
        guard let entry = peg.headers.entry(evidence.blockHash) else {
            throw .pegInUnknownBlock(input: inputIndex, blockHash: evidence.blockHash)
        }
        guard evidence.proof.verifies(leaf: evidence.deposit.canonicalBytes, root: entry.header.transactionRoot, suite: suite) else {
            throw .pegInBadProof(input: inputIndex)
        }
        guard let confirmations = peg.headers.confirmations(of: evidence.blockHash) else {
            throw .pegInBlockNotOnBestChain(input: inputIndex, blockHash: evidence.blockHash)
        }
        guard confirmations >= peg.confirmationsRequired else {
            throw .pegInNotDeepEnough(input: inputIndex, confirmations: confirmations, required: peg.confirmationsRequired)
        }
        try signed.checkMultisig(evidence.signatures, threshold: Int(peg.federation.threshold), keys: peg.federation.keys)
    }

    /// A peg-out input: at least the threshold of the spent program's keys sign the input's
    /// signature hash bound to the burn (`Transaction.pegOutMessage`).
    func checkPegOut(
        burnOutputID: Hash256, signatures: [KeySignature], threshold: UInt8, keys: [PublicKey], signed: SignedInput
    ) throws(LedgerError) {
        // `Transaction.pegOutMessage`, over the sighash bytes the input already holds.
        let message = signed.verifies ? context.suite.hash(.pegOut, signed.sighash + burnOutputID.bytes).bytes : []
        try SignedInput(index: signed.index, sighash: message, suite: signed.suite, verifies: signed.verifies)
            .checkMultisig(signatures, threshold: Int(threshold), keys: keys)
    }

    /// All peg-out inputs of a transaction pay the same burn (the main chain keys its
    /// paid-once set by it, so one transaction pays one burn).
    func checkPegOutBurns(_ transaction: Transaction) throws(LedgerError) {
        var first: Hash256?
        for (index, input) in transaction.inputs.enumerated() {
            guard case .pegOut(let burn, _) = input.witness else { continue }
            if let first, first != burn { throw .pegOutMixedBurns(input: index, burnOutputID: first, otherBurnOutputID: burn) }
            first = first ?? burn
        }
    }
}
