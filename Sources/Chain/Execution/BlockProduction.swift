import Crypto
import Ledger
import Primitives

extension ChainState {
    /// Builds, signs and returns the next block from candidate transactions and cancels;
    /// candidates that fail are left out and reported in the outcome. Nothing is committed.
    /// `mainChainHeaders`: candidate headers for the peg's header tree, offered in order; the
    /// block keeps those the tree accepts (each judged after the ones kept before it) and
    /// reports the others (`RejectedItem.Kind.mainChainHeader`), so a proposer never
    /// includes a header that would make its block invalid.
    /// `signaturesVerified`: every candidate's signatures were checked on admission (a
    /// mempool), so building skips them; followers still check them all. `lastCommit` (the
    /// tip's commit certificate, required from height 2 on) and `evidence` are checked as
    /// `verify` checks them: the proposer learns of a bad one here, not from its peers.
    public func proposeBlock(
        transactions: [Transaction], cancels: [CancelRequest], cancelAlls: [CancelAllRequest] = [],
        deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [], timestampMs: UInt64,
        proposer: any SigningKey, lastCommit: Certificate? = nil, evidence: [Evidence] = []
    ) throws(ChainError) -> (block: Block, outcome: BlockOutcome) {
        try proposeBlock(
            checked: CheckedTransaction.all(transactions, config: config), cancels: cancels, cancelAlls: cancelAlls,
            deadManSwitches: deadManSwitches, mainChainHeaders: mainChainHeaders, timestampMs: timestampMs, proposer: proposer,
            lastCommit: lastCommit, evidence: evidence)
    }

    /// `proposeBlock` over transactions already in their checked form (a pool's candidates,
    /// whose `signaturesVerified` lets building skip their signatures). `cancelSignaturesVerified`:
    /// every candidate cancel's signature passed the pool's checks.
    public func proposeBlock(
        checked transactions: [CheckedTransaction], cancels: [CancelRequest], cancelAlls: [CancelAllRequest] = [],
        deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [], timestampMs: UInt64,
        proposer: any SigningKey, lastCommit: Certificate? = nil, evidence: [Evidence] = [], cancelSignaturesVerified: Bool = false
    ) throws(ChainError) -> (block: Block, outcome: BlockOutcome) {
        guard validatorSet.index(of: proposer.publicKey) != nil else { throw .unknownProposer }
        try checkLastCommit(lastCommit, height: height + 1)
        try checkEvidence(evidence)
        let timestamp = max(timestampMs, (tip?.timestampMs ?? config.genesis.timestampMs) + 1)
        let outcome = try BlockExecutor.execute(
            state: self, mode: .build, timestampMs: timestamp, transactions: transactions, cancels: cancels,
            cancelAlls: cancelAlls, deadManSwitches: deadManSwitches,
            mainChainHeaders: Array(mainChainHeaders.prefix(Block.maxMainChainHeaders)),
            lastCommit: lastCommit, evidence: evidence, cancelSignaturesVerified: cancelSignaturesVerified)
        let header = header(for: outcome, proposer: proposer.publicKey, lastCommit: lastCommit, evidence: evidence)
        let signature: Signature
        do {
            signature = try config.suite.signDeterministically(header.hash(suite: config.suite).bytes, with: proposer)
        } catch {
            throw .badProposerSignature
        }
        let block = Block(
            header: header, checked: outcome.transactions, cancels: outcome.cancels,
            cancelAlls: outcome.cancelAlls, deadManSwitches: outcome.deadManSwitches, mainChainHeaders: outcome.mainChainHeaders,
            settlements: outcome.settlements,
            lastCommit: lastCommit, evidence: evidence, signature: signature)
        return (block, outcome)
    }

    /// The header a block with this outcome must carry. `validatorSetHash` names the set
    /// that signs the next block: a new one after an epoch's last block.
    func header(for outcome: BlockOutcome, proposer: PublicKey, lastCommit: Certificate?, evidence: [Evidence]) -> BlockHeader {
        BlockHeader(
            chainID: config.chainID, height: outcome.height, previousHash: tipHash, timestampMs: outcome.timestampMs,
            transactionRoot: Block.transactionRoot(
                transactionLeaves: outcome.transactions.map(\.leafHash), cancels: outcome.cancels, cancelAlls: outcome.cancelAlls,
                deadManSwitches: outcome.deadManSwitches, mainChainHeaders: outcome.mainChainHeaders, suite: config.suite),
            settlementRoot: Block.settlementRoot(outcome.settlements, suite: config.suite),
            lastCommitHash: Block.lastCommitHash(lastCommit, suite: config.suite),
            evidenceRoot: Block.evidenceRoot(evidence, suite: config.suite),
            stateCommitment: Self.stateCommitment(
                multiset: outcome.commitment, deadManRoot: outcome.deadManRoot, peg: outcome.peg, suite: config.suite),
            validatorSetHash: outcome.epoch.validatorSet.hash, proposer: proposer)
    }

    /// Re-executes a received block and returns its outcome if, and only if, everything it
    /// claims is what this node derives: parent, height, time, proposer (a member of the
    /// current set), signature, the previous block's commit certificate (a quorum of the
    /// set that signed it), the evidence, the settlements byte for byte, the roots, the
    /// state commitment and the next validator set.
    public func verify(_ block: Block) throws(ChainError) -> BlockOutcome {
        let header = block.header
        guard header.chainID == config.chainID else { throw .wrongChain }
        guard header.height == height + 1 else { throw .wrongHeight(expected: height + 1, got: header.height) }
        guard header.previousHash == tipHash else { throw .wrongParent(expected: tipHash, got: header.previousHash) }
        let previousMs = tip?.timestampMs ?? config.genesis.timestampMs
        guard header.timestampMs > previousMs else { throw .timestampNotIncreasing(previousMs: previousMs, gotMs: header.timestampMs) }
        guard validatorSet.index(of: header.proposer) != nil else { throw .unknownProposer }
        guard config.suite.verify(block.signature, of: header.hash(suite: config.suite).bytes, by: header.proposer) else {
            throw .badProposerSignature
        }
        try checkLastCommit(block.lastCommit, height: header.height)
        try checkEvidence(block.evidence)
        let outcome = try BlockExecutor.execute(
            state: self, mode: .verify, timestampMs: header.timestampMs,
            transactions: CheckedTransaction.all(of: block, config: config), cancels: block.cancels,
            cancelAlls: block.cancelAlls, deadManSwitches: block.deadManSwitches, mainChainHeaders: block.mainChainHeaders,
            lastCommit: block.lastCommit, evidence: block.evidence)
        let expected = self.header(for: outcome, proposer: header.proposer, lastCommit: block.lastCommit, evidence: block.evidence)
        try Self.compare(block, with: outcome, expected: expected)
        return outcome
    }

    private static func compare(_ block: Block, with outcome: BlockOutcome, expected: BlockHeader) throws(ChainError) {
        guard block.settlements == outcome.settlements else {
            let index =
                zip(block.settlements, outcome.settlements).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(block.settlements.count, outcome.settlements.count)
            throw .settlementMismatch(market: "settlement \(index)")
        }
        let header = block.header
        guard header.version == expected.version else { throw .rootMismatch(field: "version") }
        guard header.transactionRoot == expected.transactionRoot else { throw .rootMismatch(field: "transaction_root") }
        guard header.settlementRoot == expected.settlementRoot else { throw .rootMismatch(field: "settlement_root") }
        guard header.lastCommitHash == expected.lastCommitHash else { throw .rootMismatch(field: "last_commit_hash") }
        guard header.evidenceRoot == expected.evidenceRoot else { throw .rootMismatch(field: "evidence_root") }
        guard header.stateCommitment == expected.stateCommitment else { throw .rootMismatch(field: "state_commitment") }
        guard header.validatorSetHash == expected.validatorSetHash else { throw .rootMismatch(field: "validator_set_hash") }
    }

    /// Makes an executed block the node's state. The executed books become the committed
    /// ones; the old committed books, with the block's changes replayed on them, become the
    /// spare the next block executes on in place (`ExchangeSpare`).
    public mutating func commit(_ outcome: BlockOutcome, header: BlockHeader) {
        precondition(outcome.height == height + 1, "blocks commit in order")
        utxos.apply(outcome.changes)
        stakes.apply(outcome.changes, nativeAsset: config.nativeAsset)
        epoch = outcome.epoch
        var previous = exchange
        exchange = outcome.exchange
        commitment = outcome.commitment
        deadMen = outcome.deadMen
        deadManRoot = outcome.deadManRoot
        peg = outcome.peg
        tip = header
        tipHash = header.hash(suite: config.suite)
        // Copies of the state before this block keep the old spare; this state gets its own.
        spare = ExchangeSpare()
        // Only books of the generation the block executed on replay into the executed ones
        // (an outcome of another state, or of books since replaced, leaves no spare).
        guard keepsSpareExchange, previous.generation == outcome.exchangeLog.base,
            previous.replay(outcome.exchangeLog.operations, generation: exchange.generation), previous.sameShape(as: exchange)
        else { return }
        assert(previous.sameContents(as: exchange), "a block replayed on equal books gives the executed books")
        spare = ExchangeSpare(previous)
    }
}
