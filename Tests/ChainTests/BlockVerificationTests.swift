import Crypto
import Ledger
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

/// A follower re-executes every block and rejects any whose claims it does not derive.
@Suite("Chain: validation by re-execution rejects tampered blocks, changing nothing")
struct BlockVerificationTests {
    /// A chain with a resting ask and a proposed (uncommitted) block that fills it.
    func proposal() throws -> (ChainFixture, Block) {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        let (block, _) = try f.state.proposeBlock(
            transactions: [f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)], cancels: [],
            timestampMs: 10_000, proposer: f.validator, lastCommit: f.lastCommit())
        return (f, block)
    }

    /// Re-signs a tampered header with the real proposer key, so only the tampering is wrong.
    func resigned(
        _ f: ChainFixture, _ header: BlockHeader, _ block: Block, settlements: [Transaction]? = nil, transactions: [Transaction]? = nil
    ) throws -> Block {
        let signature = try ChainFixture.suite.sign(header.hash(suite: ChainFixture.suite).bytes, with: f.validator)
        return Block(
            header: header, transactions: transactions ?? block.transactions, cancels: block.cancels,
            settlements: settlements ?? block.settlements, lastCommit: block.lastCommit, evidence: block.evidence,
            signature: signature)
    }

    func with(
        _ h: BlockHeader, height: UInt64? = nil, parent: Hash256? = nil, time: UInt64? = nil, txRoot: Hash256? = nil,
        settlementRoot: Hash256? = nil, commitment: Hash256? = nil
    ) -> BlockHeader {
        BlockHeader(
            chainID: h.chainID, height: height ?? h.height, previousHash: parent ?? h.previousHash,
            timestampMs: time ?? h.timestampMs, transactionRoot: txRoot ?? h.transactionRoot,
            settlementRoot: settlementRoot ?? h.settlementRoot, lastCommitHash: h.lastCommitHash, evidenceRoot: h.evidenceRoot,
            stateCommitment: commitment ?? h.stateCommitment,
            validatorSetHash: h.validatorSetHash, proposer: h.proposer)
    }

    @Test("an honest block verifies to the proposer's exact outcome")
    func honest() throws {
        let (f, block) = try proposal()
        let outcome = try f.state.verify(block)
        #expect(outcome.settlements == block.settlements)
        #expect(try Block(canonicalBytes: block.canonicalBytes) == block)
    }

    @Test("wrong parent (8103), wrong height (8102), non-increasing time (8104) are rejected")
    func headerLinks() throws {
        let (f, block) = try proposal()
        let zero = Hash256.zero
        #expect(throws: ChainError.wrongParent(expected: f.state.tipHash, got: zero)) {
            try f.state.verify(try resigned(f, with(block.header, parent: zero), block))
        }
        #expect(throws: ChainError.wrongHeight(expected: 2, got: 3)) {
            try f.state.verify(try resigned(f, with(block.header, height: 3), block))
        }
        let previous = f.state.tip!.timestampMs
        #expect(throws: ChainError.timestampNotIncreasing(previousMs: previous, gotMs: previous)) {
            try f.state.verify(try resigned(f, with(block.header, time: previous), block))
        }
    }

    @Test("a wrong transaction root, settlement root or state commitment is root_mismatch (8107)")
    func roots() throws {
        let (f, block) = try proposal()
        let bogus = try Hash256(hex: String(repeating: "ee", count: 32))
        #expect(throws: ChainError.rootMismatch(field: "transaction_root")) {
            try f.state.verify(try resigned(f, with(block.header, txRoot: bogus), block))
        }
        #expect(throws: ChainError.rootMismatch(field: "settlement_root")) {
            try f.state.verify(try resigned(f, with(block.header, settlementRoot: bogus), block))
        }
        #expect(throws: ChainError.rootMismatch(field: "state_commitment")) {
            try f.state.verify(try resigned(f, with(block.header, commitment: bogus), block))
        }
    }

    @Test("a settlement that pays the seller one unit less is settlement_mismatch (8108)")
    func tamperedSettlement() throws {
        let (f, block) = try proposal()
        let honest = block.settlements[0]
        var outputs = honest.outputs
        let index = try #require(outputs.firstIndex { $0.asset == f.usdt && $0.program == .payToKey(f.alice.publicKey) })
        outputs[index] = Output(asset: f.usdt, amount: Amount(outputs[index].amount.units - 1), program: outputs[index].program)
        outputs.append(Output(asset: f.usdt, amount: Amount(1), program: .payToKey(f.carol.publicKey)))
        let tampered = Transaction(inputs: honest.inputs, outputs: outputs, fee: honest.fee)
        let header = with(block.header, settlementRoot: Block.settlementRoot([tampered], suite: ChainFixture.suite))
        #expect(throws: ChainError.settlementMismatch(market: "settlement 0")) {
            try f.state.verify(try resigned(f, header, block, settlements: [tampered]))
        }
    }

    @Test("a signature by a non-validator (8110) or over another header (8109) is rejected")
    func proposerSignature() throws {
        let (f, block) = try proposal()
        let forged = Block(
            header: block.header, transactions: block.transactions, cancels: block.cancels,
            settlements: block.settlements, lastCommit: block.lastCommit,
            signature: try ChainFixture.suite.sign([1, 2, 3], with: f.validator))
        #expect(throws: ChainError.badProposerSignature) { try f.state.verify(forged) }
        let stranger = BlockHeader(
            chainID: block.header.chainID, height: block.header.height, previousHash: block.header.previousHash,
            timestampMs: block.header.timestampMs, transactionRoot: block.header.transactionRoot,
            settlementRoot: block.header.settlementRoot, lastCommitHash: block.header.lastCommitHash,
            evidenceRoot: block.header.evidenceRoot, stateCommitment: block.header.stateCommitment,
            validatorSetHash: block.header.validatorSetHash, proposer: f.carol.publicKey)
        #expect(throws: ChainError.unknownProposer) { try f.state.verify(try resigned(f, stranger, block)) }
    }

    @Test("an oversize block is refused before parsing (block_too_large, 8105); garbage is malformed_block (8111)")
    func oversize() {
        let bytes = [UInt8](repeating: 0, count: Block.maxEncodedBytes + 1)
        #expect(throws: ChainError.blockTooLarge(bytes: bytes.count, limit: Block.maxEncodedBytes)) { try Block.decode(bytes) }
        #expect((try? Block.decode([1, 2, 3])) == nil)
    }

    @Test("a block carrying a transaction that spends a spent output is rejected in verify mode and changes nothing")
    func invalidTransactionInBlock() throws {
        var f = ChainFixture()
        let place = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        try f.block([place])
        let commitment = f.state.commitment
        // Re-spend the coin the order already spent.
        let replay = place
        #expect(throws: ChainError.self) {
            _ = try BlockExecutor.execute(
                state: f.state, mode: .verify, timestampMs: 99_999, transactions: CheckedTransaction.all([replay], config: f.state.config),
                cancels: [])
        }
        #expect(f.state.commitment == commitment)
    }
}

@Suite("Chain: signatures skipped by a proposer are still checked by followers")
struct PreverifiedSignatureTests {
    @Test("a block built with signaturesVerified that carries a forged signature is rejected by re-execution (bad_signature)")
    func followerChecksSignatures() throws {
        let f = ChainFixture()
        let honest = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let forged = f.sign(
            Transaction(
                inputs: honest.inputs.map { Input(spending: $0.spentOutputID, witness: .signature(ChainFixture.placeholder)) },
                outputs: honest.outputs), with: f.bob)
        let (block, outcome) = try f.state.proposeBlock(
            checked: [CheckedTransaction(forged, suite: f.state.config.suite).signaturesPassed()], cancels: [], timestampMs: 5_000,
            proposer: f.validator)
        #expect(outcome.rejected.isEmpty, "the proposer trusted its (here: lying) mempool")
        #expect(throws: ChainError.ledger(.badSignature(input: 0))) { try f.state.verify(block) }
    }
}
