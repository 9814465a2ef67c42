import Crypto
import Ledger
import Primitives

extension ChainState {
    /// Builds, signs and returns the next block from candidate transactions and cancels;
    /// candidates that fail are left out and reported in the outcome. Nothing is committed.
    /// `signaturesVerified`: every candidate's signatures were checked on admission (a
    /// mempool), so building skips them; followers still check them all.
    public func proposeBlock(
        transactions: [Transaction], cancels: [CancelRequest], timestampMs: UInt64, proposer: any SigningKey,
        signaturesVerified: Bool = false
    ) throws(ChainError) -> (block: Block, outcome: BlockOutcome) {
        guard config.genesis.validators.contains(proposer.publicKey) else { throw .unknownProposer }
        let timestamp = max(timestampMs, (tip?.timestampMs ?? config.genesis.timestampMs) + 1)
        let outcome = try BlockExecutor.execute(
            state: self, mode: .build, timestampMs: timestamp, transactions: transactions, cancels: cancels,
            signaturesVerified: signaturesVerified)
        let header = header(for: outcome, proposer: proposer.publicKey)
        let signature: Signature
        do {
            signature = try config.suite.sign(header.hash(suite: config.suite).bytes, with: proposer)
        } catch {
            throw .badProposerSignature
        }
        let block = Block(
            header: header, transactions: outcome.transactions, cancels: outcome.cancels,
            settlements: outcome.settlements, signature: signature)
        return (block, outcome)
    }

    /// The header a block with this outcome must carry.
    func header(for outcome: BlockOutcome, proposer: PublicKey) -> BlockHeader {
        BlockHeader(
            chainID: config.chainID, height: outcome.height, previousHash: tipHash, timestampMs: outcome.timestampMs,
            transactionRoot: Block.transactionRoot(transactions: outcome.transactions, cancels: outcome.cancels, suite: config.suite),
            settlementRoot: Block.settlementRoot(outcome.settlements, suite: config.suite),
            stateCommitment: outcome.commitment.digest, validatorSetHash: config.validatorSetHash, proposer: proposer)
    }

    /// Re-executes a received block and returns its outcome if, and only if, everything it
    /// claims is what this node derives: parent, height, time, proposer, signature, the
    /// settlements byte for byte, the roots and the state commitment.
    public func verify(_ block: Block) throws(ChainError) -> BlockOutcome {
        let header = block.header
        guard header.chainID == config.chainID else { throw .wrongChain }
        guard header.height == height + 1 else { throw .wrongHeight(expected: height + 1, got: header.height) }
        guard header.previousHash == tipHash else { throw .wrongParent(expected: tipHash, got: header.previousHash) }
        let previousMs = tip?.timestampMs ?? config.genesis.timestampMs
        guard header.timestampMs > previousMs else { throw .timestampNotIncreasing(previousMs: previousMs, gotMs: header.timestampMs) }
        guard config.genesis.validators.contains(header.proposer) else { throw .unknownProposer }
        guard config.suite.verify(block.signature, of: header.hash(suite: config.suite).bytes, by: header.proposer) else {
            throw .badProposerSignature
        }
        let outcome = try BlockExecutor.execute(
            state: self, mode: .verify, timestampMs: header.timestampMs, transactions: block.transactions, cancels: block.cancels)
        try Self.compare(block, with: outcome, expected: self.header(for: outcome, proposer: header.proposer))
        return outcome
    }

    private static func compare(_ block: Block, with outcome: BlockOutcome, expected: BlockHeader) throws(ChainError) {
        guard block.settlements == outcome.settlements else {
            let index = zip(block.settlements, outcome.settlements).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(block.settlements.count, outcome.settlements.count)
            throw .settlementMismatch(market: "settlement \(index)")
        }
        let header = block.header
        guard header.transactionRoot == expected.transactionRoot else { throw .rootMismatch(field: "transaction_root") }
        guard header.settlementRoot == expected.settlementRoot else { throw .rootMismatch(field: "settlement_root") }
        guard header.stateCommitment == expected.stateCommitment else { throw .rootMismatch(field: "state_commitment") }
        guard header.validatorSetHash == expected.validatorSetHash else { throw .rootMismatch(field: "validator_set_hash") }
    }

    /// Makes an executed block the node's state.
    public mutating func commit(_ outcome: BlockOutcome, header: BlockHeader) {
        precondition(outcome.height == height + 1, "blocks commit in order")
        utxos.apply(outcome.changes)
        exchange = outcome.exchange
        commitment = outcome.commitment
        tip = header
        tipHash = header.hash(suite: config.suite)
    }
}
