import Chain
import Crypto
import Primitives

@testable import Consensus

/// Keeps what an engine sent, with the safety-store saves done by then.
final class RecordingTransport: ConsensusTransport {
    var sent: [(message: ConsensusMessage, to: PublicKey, savesBefore: Int)] = []
    var store: MemorySafetyStore?

    func send(_ message: ConsensusMessage, to peer: PublicKey) { sent.append((message, peer, store?.saves ?? 0)) }

    var votes: [Vote] {
        sent.compactMap { if case let .vote(vote) = $0.message { vote } else { nil } }
    }
}

typealias SingleEngine = ConsensusEngine<RecordingTransport, VirtualClock, MemorySafetyStore, TestApplication>

/// One engine (validator `index` of four, or a follower) fed hand-made messages signed
/// with the other validators' keys.
struct SingleNode {
    static let suite = ConsensusFixture.suite
    let keys = ConsensusFixture.validatorKeys(4)
    let config: ChainConfig
    let clock = VirtualClock()
    let transport = RecordingTransport()
    let store: MemorySafetyStore
    let engine: SingleEngine
    let index: Int

    init(index: Int = 0, store: MemorySafetyStore = MemorySafetyStore(), configuration: ConsensusConfiguration = Cluster.defaultConfiguration, follower: Bool = false) {
        self.index = index
        config = ConsensusFixture.config(validators: keys)
        self.store = store
        transport.store = store
        engine = try! SingleEngine(
            configuration: configuration, key: follower ? nil : keys[index], transport: transport, clock: clock, store: store,
            application: TestApplication(config: config), peers: keys.map(\.publicKey))
    }

    var chainID: Hash256 { config.chainID }
    var set: ValidatorSet { config.genesisValidatorSet }

    func proposer(height: UInt64 = 1, round: UInt32) -> Int { Int(set.proposer(height: height, round: round)) }

    /// A valid block 1 by `proposer` (distinct timestamps give distinct blocks).
    func block(proposer: Int, timestampMs: UInt64) -> Block {
        let state = try! ChainState.genesis(config)
        return try! state.proposeBlock(transactions: [], cancels: [], timestampMs: timestampMs, proposer: keys[proposer]).block
    }

    func id(_ block: Block) -> Hash256 { block.header.hash(suite: Self.suite) }

    func proposal(_ block: Block, round: UInt32, validRound: UInt32? = nil, signer: Int? = nil, height: UInt64 = 1) -> Proposal {
        let signingKey = keys[signer ?? proposer(height: height, round: round)]
        let hash = Proposal.signingHash(
            chainID: chainID, height: height, round: round, validRound: validRound, blockID: id(block), suite: Self.suite)
        return Proposal(
            height: height, round: round, validRound: validRound, block: block,
            signature: try! Self.suite.sign(hash.bytes, with: signingKey))
    }

    func vote(_ validator: Int, round: UInt32, _ phase: VotePhase, _ blockID: Hash256?, height: UInt64 = 1, chainID: Hash256? = nil) -> Vote {
        let target = VoteTarget(chainID: chainID ?? self.chainID, height: height, round: round, phase: phase, blockID: blockID)
        return try! Vote.signed(target, index: UInt16(validator), key: keys[validator], suite: Self.suite)
    }

    func receive(_ message: ConsensusMessage, from validator: Int = 1) { engine.receive(message, from: keys[validator].publicKey) }

    /// Moves the clock by `ms` and fires what is due.
    func advance(_ ms: UInt64) {
        clock.now += ms
        engine.tick()
    }

    /// This node's votes sent so far (each once, whatever the number of receivers).
    var ownVotes: [Vote] {
        var seen: [Vote] = []
        for vote in transport.votes where !seen.contains(vote) { seen.append(vote) }
        return seen
    }
}

extension ConsensusEngine {
    /// Everything that decides what the engine does next, for "state unchanged" checks.
    var fingerprint: String {
        let sets = voteSets.keys.sorted().map { "\($0.round)/\($0.phase):\(voteSets[$0]!.votes.keys.sorted())" }
        return [
            "\(height) \(round) \(step) locked \(String(describing: lockedRound)) \(String(describing: lockedBlockID))",
            "valid \(String(describing: validRound)) proposals \(proposals.keys.sorted()) blocks \(blocks.count)",
            "sets \(sets) evidence \(pendingEvidence.count) future \(future.count)",
            "safety \(safety) committed \(application.committedHeight) lastCommit \(String(describing: lastCommit))",
        ].joined(separator: "\n")
    }
}
