import Consensus
import Crypto
import Ledger
import Markets
import Primitives

@testable import Chain

/// A chain of `validatorCount` validators (stake 1 each) with one funded trader, after
/// Tests/ChainTests/ChainFixture.swift.
enum ConsensusFixture {
    static let suite = SchnorrSecp256k1Suite()

    static func key(_ byte: UInt8) -> any SigningKey {
        // A fixed, valid secret per byte: the tests need stable keys, not secret ones.
        try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32))
    }

    static func validatorKeys(_ count: Int) -> [any SigningKey] { (0..<count).map { key(UInt8(0x10 + $0)) } }

    static let trader = key(0xA1)

    static func config(validators: [any SigningKey]) -> ChainConfig {
        let genesis = Genesis(
            chainName: "lodestone-consensus-test", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1,
            nativeAsset: "LODE", assets: [AssetDefinition(symbol: "LODE", decimals: 8)],
            allocations: [Allocation(asset: "LODE", amount: Amount(1_000_000_000), program: .payToKey(trader.publicKey))],
            validators: validators.map(\.publicKey), feeCollector: .payToKey(trader.publicKey), markets: [])
        return try! ChainConfig(genesis: genesis)
    }
}

/// A `ConsensusApplication` over a real `ChainState`: blocks are built, re-executed and
/// committed by the chain's own code; committed blocks are kept in memory to serve sync.
struct TestApplication: ConsensusApplication {
    var state: ChainState
    var committed: [CommittedBlock] = []
    /// Outcomes of blocks built or verified at the current height, by block ID.
    var outcomes: [Hash256: BlockOutcome] = [:]
    /// What each `proposeBlock` call was given (tests check evidence and lastCommit).
    var proposeCalls: [(lastCommit: Certificate?, evidence: [Evidence])] = []
    var verifyCalls = 0
    /// When set, `commit` refuses every block (as a store that cannot write would).
    var refusesCommits = false

    init(config: ChainConfig) { state = try! ChainState.genesis(config) }

    var chainID: Hash256 { state.config.chainID }
    var suite: any CryptoSuite { state.config.suite }
    var committedHeight: UInt64 { state.height }
    var validatorSet: ValidatorSet { state.validatorSet }
    var tipHash: Hash256 { state.tipHash }

    mutating func proposeBlock(
        timestampMs: UInt64, proposer: any SigningKey, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ConsensusError) -> Block {
        proposeCalls.append((lastCommit, evidence))
        do {
            let (block, outcome) = try state.proposeBlock(
                transactions: [], cancels: [], timestampMs: timestampMs, proposer: proposer, lastCommit: lastCommit, evidence: evidence)
            outcomes[block.header.hash(suite: suite)] = outcome
            return block
        } catch { throw .chain(error) }
    }

    mutating func verifyBlock(_ block: Block) throws(ConsensusError) {
        verifyCalls += 1
        let id = block.header.hash(suite: suite)
        guard outcomes[id] == nil else { return }
        do { outcomes[id] = try state.verify(block) } catch { throw .chain(error) }
    }

    mutating func commit(_ block: Block, certificate: Certificate) throws(ConsensusError) {
        if refusesCommits { throw .chain(.wrongChain) }
        let id = block.header.hash(suite: suite)
        if outcomes[id] == nil { try verifyBlock(block) }
        guard let outcome = outcomes[id] else { throw .chain(.wrongChain) }
        state.commit(outcome, header: block.header)
        committed.append(CommittedBlock(block: block, certificate: certificate))
        outcomes = [:]
    }

    func committedBlock(at height: UInt64) throws(ConsensusError) -> CommittedBlock? {
        guard height >= 1, height <= UInt64(committed.count) else { return nil }
        return committed[Int(height - 1)]
    }
}
