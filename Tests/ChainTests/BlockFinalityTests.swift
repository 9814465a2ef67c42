import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain

/// Blocks carry the previous block's commit certificate and evidence; the header commits to
/// both and every follower checks them.
@Suite("Chain: blocks carry finality (last commit, evidence), checked on verify")
struct BlockFinalityTests {
    /// A chain at height 2 and a proposed (uncommitted) block 3 with a full last commit.
    func proposal() throws -> (StakingFixture, Block) {
        var f = StakingFixture()
        try f.block()
        try f.block()
        let (block, _) = try f.state.proposeBlock(
            transactions: [], cancels: [], timestampMs: 50_000, proposer: f.proposer, lastCommit: try f.lastCommit())
        return (f, block)
    }

    /// The same block with another last commit and evidence, header updated and re-signed.
    func rebuilt(
        _ f: StakingFixture, _ block: Block, lastCommit: Certificate?, evidence: [Evidence]? = nil, proposer: (any SigningKey)? = nil
    ) throws -> Block {
        let h = block.header
        let evidence = evidence ?? block.evidence
        let signer = proposer ?? f.key(for: h.proposer)!
        let header = BlockHeader(
            chainID: h.chainID, height: h.height, previousHash: h.previousHash, timestampMs: h.timestampMs,
            transactionRoot: h.transactionRoot, settlementRoot: h.settlementRoot,
            lastCommitHash: Block.lastCommitHash(lastCommit, suite: StakingFixture.suite),
            evidenceRoot: Block.evidenceRoot(evidence, suite: StakingFixture.suite), stateCommitment: h.stateCommitment,
            validatorSetHash: h.validatorSetHash, proposer: signer.publicKey)
        let signature = try StakingFixture.suite.sign(header.hash(suite: StakingFixture.suite).bytes, with: signer)
        return Block(
            header: header, transactions: block.transactions, cancels: block.cancels, settlements: block.settlements,
            lastCommit: lastCommit, evidence: evidence, signature: signature)
    }

    @Test("block codec v2 round-trips with a last commit and evidence; the block ID changes with either")
    func codec() throws {
        let (f, proposed) = try proposal()
        let evidence = try f.equivocation(by: 1)
        let block = try rebuilt(f, proposed, lastCommit: proposed.lastCommit, evidence: [evidence])
        #expect(block.header.version == 2)
        #expect(try Block(canonicalBytes: block.canonicalBytes) == block)
        #expect(try Block.decode(block.canonicalBytes).lastCommit == block.lastCommit)
        let id = block.header.hash(suite: StakingFixture.suite)
        let fewer = try rebuilt(f, block, lastCommit: try f.lastCommit(signers: [0, 1, 2]))
        #expect(fewer.header.hash(suite: StakingFixture.suite) != id, "another certificate is another block")
        let noEvidence = try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [])
        #expect(noEvidence.header.hash(suite: StakingFixture.suite) != id, "evidence is covered by the ID")
        #expect(noEvidence.header.evidenceRoot == .zero)
        // A block whose certificate was swapped without updating the header is refused.
        let swapped = Block(
            header: block.header, transactions: [], cancels: [], settlements: block.settlements,
            lastCommit: fewer.lastCommit, evidence: block.evidence, signature: block.signature)
        #expect(throws: ChainError.rootMismatch(field: "last_commit_hash")) { try f.state.verify(swapped) }
    }

    @Test("block 1 carries no certificate; the first block of a chain has a zero last-commit hash")
    func firstBlock() throws {
        var f = StakingFixture()
        let (block, _) = try f.block()
        #expect(block.lastCommit == nil)
        #expect(block.header.lastCommitHash == .zero)
        #expect(throws: ChainError.unexpectedLastCommit) {
            try StakingFixture().state.proposeBlock(
                transactions: [], cancels: [], timestampMs: 1, proposer: f.validators[0], lastCommit: try f.lastCommit())
        }
    }

    @Test("a missing (8114), short-quorum (8117), forged (8117) or mis-targeted (8116) last commit is refused")
    func lastCommitChecks() throws {
        let (f, block) = try proposal()
        #expect(try f.state.verify(block).height == 3)
        #expect(throws: ChainError.missingLastCommit(height: 3)) { try f.state.verify(try rebuilt(f, block, lastCommit: nil)) }
        let short = try f.lastCommit(signers: [0, 1])
        #expect(throws: ChainError.lastCommitInvalid(.noQuorum(stake: 2_000, needed: 2_667))) {
            try f.state.verify(try rebuilt(f, block, lastCommit: short))
        }
        let full = try #require(block.lastCommit)
        var signatures = full.signatures
        signatures[1] = signatures[0]
        let forged = Certificate(target: full.target, bitmap: full.bitmap, signatures: signatures)
        #expect(throws: ChainError.lastCommitInvalid(.badSignature(index: 1))) {
            try f.state.verify(try rebuilt(f, block, lastCommit: forged))
        }
        // Valid signatures over another target: a prevote certificate and one for height 1.
        let prevote = VoteTarget(chainID: f.config.chainID, height: 2, round: 0, phase: .prevote, blockID: f.state.tipHash)
        let prevotes = try certificate(f, prevote)
        #expect(throws: ChainError.lastCommitWrongTarget(reason: "prevotes do not commit")) {
            try f.state.verify(try rebuilt(f, block, lastCommit: prevotes))
        }
        let old = VoteTarget(chainID: f.config.chainID, height: 1, round: 0, phase: .precommit, blockID: f.state.tipHash)
        #expect(throws: ChainError.lastCommitWrongTarget(reason: "height 1, expected 2")) {
            try f.state.verify(try rebuilt(f, block, lastCommit: try certificate(f, old)))
        }
        let other = VoteTarget(chainID: f.config.chainID, height: 2, round: 0, phase: .precommit, blockID: .zero)
        #expect(throws: ChainError.lastCommitWrongTarget(reason: "it names another block than the tip")) {
            try f.state.verify(try rebuilt(f, block, lastCommit: try certificate(f, other)))
        }
        // The proposer cannot build on a bad certificate either.
        #expect(throws: ChainError.missingLastCommit(height: 3)) {
            try f.state.proposeBlock(transactions: [], cancels: [], timestampMs: 1, proposer: f.proposer)
        }
    }

    func certificate(_ f: StakingFixture, _ target: VoteTarget) throws -> Certificate {
        var signatures: [UInt16: Signature] = [:]
        for (index, key) in f.validators.enumerated() {
            signatures[UInt16(index)] = try Vote.signed(target, index: UInt16(index), key: key, suite: StakingFixture.suite).signature
        }
        return Certificate(target: target, setSize: 4, signatures: signatures)
    }

    @Test("a proposer outside the current set is unknown_proposer (8110), on propose and on verify")
    func nonMemberProposer() throws {
        let (f, block) = try proposal()
        #expect(throws: ChainError.unknownProposer) {
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, proposer: f.carol))
        }
        #expect(throws: ChainError.unknownProposer) {
            try f.state.proposeBlock(transactions: [], cancels: [], timestampMs: 1, proposer: f.carol, lastCommit: block.lastCommit)
        }
    }

    @Test(
        "evidence that does not verify (8119), names a stranger or a member at another index (8120), repeats (8121) or was punished (8122) is refused"
    )
    func evidenceChecks() throws {
        var (f, block) = try proposal()
        let good = try f.equivocation(by: 2)
        #expect(
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [good])).epoch.punished == [
                f.validators[2].publicKey
            ])
        let sameBlock = Evidence(validator: good.validator, good.first, good.first)
        #expect(throws: ChainError.evidenceInvalid(index: 0, .evidenceNotConflicting)) {
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [sameBlock]))
        }
        let wrongKey = Evidence(validator: f.validators[3].publicKey, good.first, good.second)
        #expect(throws: ChainError.self) { try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [wrongKey])) }
        // A stranger's real equivocation is not this chain's business.
        let strangerVotes = try [1, 2].map { (byte: UInt8) in
            try Vote.signed(
                VoteTarget(
                    chainID: f.config.chainID, height: 3, round: 0, phase: .prevote,
                    blockID: try Hash256(bytes: [UInt8](repeating: byte, count: 32))),
                index: 0, key: f.carol, suite: StakingFixture.suite)
        }
        let stranger = Evidence(validator: f.carol.publicKey, strangerVotes[0], strangerVotes[1])
        #expect(throws: ChainError.evidenceNotMember(index: 0)) {
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [stranger]))
        }
        // A member's real equivocation, but its votes name another member's index.
        let misindexedVotes = try [1, 2].map { (byte: UInt8) in
            try Vote.signed(
                VoteTarget(
                    chainID: f.config.chainID, height: 3, round: 0, phase: .prevote,
                    blockID: try Hash256(bytes: [UInt8](repeating: byte, count: 32))),
                index: (f.state.validatorSet.index(of: f.validators[2].publicKey) ?? 0) + 1, key: f.validators[2],
                suite: StakingFixture.suite)
        }
        let misindexed = Evidence(validator: f.validators[2].publicKey, misindexedVotes[0], misindexedVotes[1])
        #expect(throws: ChainError.evidenceNotMember(index: 0)) {
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [misindexed]))
        }
        let again = try f.equivocation(by: 2, round: 1)
        #expect(throws: ChainError.evidenceDuplicate(index: 1)) {
            try f.state.verify(try rebuilt(f, block, lastCommit: block.lastCommit, evidence: [good, again]))
        }
        try f.block(evidence: [good])
        #expect(f.state.epoch.punished.contains(f.validators[2].publicKey))
        #expect(throws: ChainError.evidenceAlreadyPunished(index: 0)) {
            try f.state.proposeBlock(
                transactions: [], cancels: [], timestampMs: 1, proposer: f.proposer, lastCommit: try f.lastCommit(),
                evidence: [try f.equivocation(by: 2)])
        }
        let tooMany = [Evidence](repeating: good, count: Block.maxEvidence + 1)
        #expect(throws: ChainError.tooManyEvidence(count: Block.maxEvidence + 1, limit: Block.maxEvidence)) {
            try f.state.proposeBlock(
                transactions: [], cancels: [], timestampMs: 1, proposer: f.proposer, lastCommit: try f.lastCommit(), evidence: tooMany)
        }
    }
}
