import Chain
import Consensus
import Crypto
import Foundation
import Ledger
@testable import Node
import Pool
import Primitives
import Storage
import Testing

@Suite("Block producer as the consensus application: propose, re-execute, commit with a certificate, serve committed blocks")
struct BlockProducerConsensusTests {
    /// Two nodes of one chain: `proposer` builds, `peer` re-executes and commits what consensus finalizes.
    struct Pair {
        let setup: BlockProducerTests.Setup
        let peerStore = MemoryStore()
        var proposer: BlockProducer<MemoryStore>
        var peer: BlockProducer<MemoryStore>
        var key: any SigningKey { setup.settings.validatorKey }
        var suite: any CryptoSuite { setup.settings.chain.suite }

        init() throws {
            setup = try BlockProducerTests.Setup()
            proposer = try setup.producer()
            peer = try BlockProducer(
                store: peerStore, config: setup.settings.chain, validatorKey: nil,
                limits: BlockLimits(maxTransactions: 100, maxCancels: 100), makePool: { config, _ throws(ChainError) in try Mempool(config: config) },
                logger: setup.log.logger)
        }

        /// The precommit certificate of `block` by the devnet's one validator.
        func certificate(for block: Block, round: UInt32 = 0, blockID: Hash256? = nil) throws -> Certificate {
            let target = VoteTarget(
                chainID: setup.settings.chain.chainID, height: block.header.height, round: round, phase: .precommit,
                blockID: blockID ?? block.header.hash(suite: suite))
            let vote = try Vote.signed(target, index: 0, key: key, suite: suite)
            return Certificate(target: target, setSize: 1, signatures: [0: vote.signature])
        }
    }

    @Test("a proposed block is re-executed by a follower (no key) and committed there with its certificate: same tip, served back")
    func proposeVerifyCommit() throws {
        var pair = try Pair()
        _ = pair.proposer.submit(pair.setup.crossingOrders())
        let block = try pair.proposer.proposeBlock(
            timestampMs: TestDevnet.genesisTimestampMs + 100, proposer: pair.key, lastCommit: nil, evidence: [])
        #expect(block.transactions.count == 2)
        #expect(pair.proposer.committedHeight == 0, "proposing commits nothing")
        try pair.peer.verifyBlock(block)
        let certificate = try pair.certificate(for: block)
        try pair.peer.commit(block, certificate: certificate)
        try pair.proposer.commit(block, certificate: certificate)
        #expect(pair.peer.committedHeight == 1)
        #expect(pair.peer.state.tipHash == pair.proposer.state.tipHash)
        #expect(pair.peer.state.commitment == pair.proposer.state.commitment)
        #expect(pair.proposer.pool.transactionCount == 0, "the pool drops what the block included")
        let served = try #require(try pair.peer.committedBlock(at: 1))
        #expect(served == CommittedBlock(block: block, certificate: certificate))
        #expect(try pair.peer.committedBlock(at: 2) == nil)
    }

    @Test("a block committed without an earlier verifyBlock is re-executed on commit (a block synced from peers)")
    func commitUnverified() throws {
        var pair = try Pair()
        _ = pair.proposer.submit(pair.setup.crossingOrders())
        let report = try pair.proposer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        let committed = try #require(try pair.proposer.committedBlock(at: 1))
        try pair.peer.commit(committed.block, certificate: committed.certificate)
        #expect(pair.peer.state.tipHash == pair.proposer.state.tipHash)
        #expect(pair.peer.state.exchange.restingOrders(market: 0).count == pair.proposer.state.exchange.restingOrders(market: 0).count)
        #expect(report.height == 1)
    }

    @Test("produceBlock finalizes with the sole validator's precommit: the stored certificate names the block and has a quorum")
    func produceBlockStoresCertificate() throws {
        var pair = try Pair()
        _ = try pair.proposer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        let committed = try #require(try pair.proposer.committedBlock(at: 1))
        #expect(committed.certificate.target.blockID == committed.block.header.hash(suite: pair.suite))
        #expect(committed.certificate.target.phase == .precommit)
        let set = pair.proposer.validatorSet
        #expect(try committed.certificate.verify(against: set, suite: pair.suite, requireQuorum: true) == set.totalStake)
    }

    @Test("an invalid block (tampered proposer signature) is refused as consensus_invalid_block and changes nothing")
    func invalidBlockRefused() throws {
        var pair = try Pair()
        let block = try pair.proposer.proposeBlock(
            timestampMs: TestDevnet.genesisTimestampMs + 100, proposer: pair.key, lastCommit: nil, evidence: [])
        var signature = block.signature.bytes
        signature[0] ^= 1
        let forged = Block(
            header: block.header, transactions: block.transactions, cancels: block.cancels, settlements: block.settlements,
            signature: try Signature(bytes: signature))
        let error = try #require(throws: ConsensusError.self) { try pair.peer.verifyBlock(forged) }
        #expect(error.name == "consensus_invalid_block")
        #expect(throws: ConsensusError.self) { try pair.peer.commit(forged, certificate: try pair.certificate(for: forged)) }
        #expect(pair.peer.committedHeight == 0)
        #expect(try pair.peer.committedBlock(at: 1) == nil)
    }

    @Test("a certificate that names another block is refused (consensus_finality) and nothing is stored")
    func certificateForAnotherBlock() throws {
        var pair = try Pair()
        let block = try pair.proposer.proposeBlock(
            timestampMs: TestDevnet.genesisTimestampMs + 100, proposer: pair.key, lastCommit: nil, evidence: [])
        let wrong = try pair.certificate(for: block, blockID: Hash256(bytes: [UInt8](repeating: 7, count: 32)))
        let error = try #require(throws: ConsensusError.self) { try pair.proposer.commit(block, certificate: wrong) }
        #expect(error.name == "consensus_finality")
        #expect(pair.proposer.committedHeight == 0)
        #expect(try pair.proposer.chainStore.block(at: 1) == nil)
    }

    @Test("verified outcomes are kept for at most executedMax blocks of the next height and dropped on commit")
    func executedCacheBounded() throws {
        var pair = try Pair()
        for step in 1...(BlockProducer<MemoryStore>.executedMax + 2) {
            _ = try pair.proposer.proposeBlock(
                timestampMs: TestDevnet.genesisTimestampMs + UInt64(step), proposer: pair.key, lastCommit: nil, evidence: [])
        }
        #expect(pair.proposer.executed.count == BlockProducer<MemoryStore>.executedMax)
        _ = try pair.proposer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        #expect(pair.proposer.executed.isEmpty)
    }

    @Test("a producer without a key cannot produce alone (not_a_validator) and changes nothing")
    func followerCannotProduce() throws {
        var pair = try Pair()
        #expect(throws: NodeError.self) { try pair.peer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100) }
        #expect(pair.peer.committedHeight == 0)
    }
}
