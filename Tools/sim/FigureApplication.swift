import Chain
import Consensus
import Crypto
import Primitives

/// A chain of empty blocks for the message-count figures: consensus traffic alone, for
/// sets past the chain's 64-validator genesis bound (the figures go to 100). Blocks carry
/// the real header, last commit and evidence, so messages have their real sizes.
struct FigureApplication: ConsensusApplication {
    let chainID: Hash256
    let suite: any CryptoSuite
    let validatorSet: ValidatorSet
    private(set) var blocks: [CommittedBlock] = []

    init(chainID: Hash256, suite: any CryptoSuite, validatorSet: ValidatorSet) {
        self.chainID = chainID
        self.suite = suite
        self.validatorSet = validatorSet
    }

    var committedHeight: UInt64 { UInt64(blocks.count) }
    private var tipHash: Hash256 { blocks.last?.block.header.hash(suite: suite) ?? chainID }

    mutating func proposeBlock(
        timestampMs: UInt64, proposer: any SigningKey, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ConsensusError) -> Block {
        let header = BlockHeader(
            chainID: chainID, height: committedHeight + 1, previousHash: tipHash, timestampMs: timestampMs, transactionRoot: .zero,
            settlementRoot: .zero, lastCommitHash: Block.lastCommitHash(lastCommit, suite: suite),
            evidenceRoot: Block.evidenceRoot(evidence, suite: suite), stateCommitment: .zero, validatorSetHash: validatorSet.hash,
            proposer: proposer.publicKey)
        let signature: Signature
        do {
            signature = try suite.sign(header.hash(suite: suite).bytes, with: proposer, auxiliary: [UInt8](repeating: 0, count: 32))
        } catch {
            throw .chain(.badProposerSignature)
        }
        return Block(
            header: header, transactions: [], cancels: [], settlements: [], lastCommit: lastCommit, evidence: evidence,
            signature: signature)
    }

    mutating func verifyBlock(_ block: Block) throws(ConsensusError) {
        guard block.header.height == committedHeight + 1, block.header.previousHash == tipHash else {
            throw .chain(.rootMismatch(field: "previous_hash"))
        }
    }

    mutating func commit(_ block: Block, certificate: Certificate) throws(ConsensusError) {
        try verifyBlock(block)
        blocks.append(CommittedBlock(block: block, certificate: certificate))
    }

    func committedBlock(at height: UInt64) throws(ConsensusError) -> CommittedBlock? {
        guard height >= 1, height <= committedHeight else { return nil }
        return blocks[Int(height - 1)]
    }
}

/// A calm cluster of engines over `FigureApplication`: no faults, no traders; counts what
/// each height costs in messages.
final class FigureWorld {
    typealias Engine = ConsensusEngine<SimTransport, SimClock, MemorySafetyStore, FigureApplication>

    /// Virtual time a figure run may take before it gives up.
    static let timeMsMax: UInt64 = 120_000

    let clock = SimClock()
    let outbox = Outbox()
    var engines: [Engine] = []
    var keys: [PublicKey] = []
    var queue = EventQueue<SimEvent>()
    var network = SimNetwork(profile: .calm, random: SimRandom(seed: 1))
    var byPhase: [String: Int] = [:]
    var tickDue: [UInt64?] = []

    init(validators: Int, configuration: ConsensusConfiguration) throws {
        let suite = SimGenesis.suite
        let signing = (0..<validators).map { SimGenesis.key(role: 0x56, index: $0) }
        keys = signing.map(\.publicKey)
        let set = try ValidatorSet(keys: keys, suite: suite)
        let chainID = suite.hash(.vote, Array("lodestone-sim figures".utf8))
        for (index, key) in signing.enumerated() {
            engines.append(
                try Engine(
                    configuration: configuration, key: key, transport: SimTransport(node: index, outbox: outbox), clock: clock,
                    store: MemorySafetyStore(), application: FigureApplication(chainID: chainID, suite: suite, validatorSet: set),
                    peers: keys))
        }
        tickDue = Array(repeating: nil, count: validators)
    }

    /// Runs until every engine committed `heights`; returns the heights reached by all.
    func run(heights: UInt64) -> UInt64 {
        for engine in engines { engine.start() }
        flush()
        while let entry = queue.pop(), entry.timeMs <= Self.timeMsMax {
            clock.timeMs = entry.timeMs
            switch entry.payload {
            case let .deliver(envelope):
                guard network.admitsDelivery(envelope), let message = try? ConsensusMessage.decode(envelope.bytes) else { continue }
                engines[envelope.to].receive(message, from: keys[envelope.from])
            case let .tick(node):
                guard tickDue[node] == entry.timeMs else { continue }
                tickDue[node] = nil
                engines[node].tick()
            default:
                continue
            }
            flush()
            if engines.allSatisfy({ $0.application.committedHeight >= heights }) { break }
        }
        return engines.map(\.application.committedHeight).min() ?? 0
    }

    private func flush() {
        while !outbox.items.isEmpty {
            let items = outbox.items
            outbox.items.removeAll(keepingCapacity: true)
            for item in items {
                guard let to = keys.firstIndex(of: item.to) else { continue }
                if let phase = SimWorld.phase(of: item.message) { byPhase[phase, default: 0] += 1 }
                let envelope = Envelope(from: item.from, to: to, kind: item.message.kind, bytes: item.message.canonicalBytes)
                for arrival in network.route(envelope, nowMs: clock.timeMs) { queue.schedule(.deliver(envelope), atMs: arrival) }
            }
        }
        for (index, engine) in engines.enumerated() {
            let due = engine.nextDeadlineMs
            guard due != .max else { continue }
            let at = max(due, clock.timeMs + (tickDue[index] == nil && due <= clock.timeMs ? 1 : 0))
            if tickDue[index] == at { continue }
            tickDue[index] = at
            queue.schedule(.tick(node: index), atMs: at)
        }
    }
}
