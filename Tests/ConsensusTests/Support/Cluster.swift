import Chain
import Consensus
import Crypto
import Primitives

/// Milliseconds the tests set by hand.
final class VirtualClock: ConsensusClock {
    var now: UInt64

    init(now: UInt64 = 1_000) { self.now = now }

    func nowMs() -> UInt64 { now }
}

/// SplitMix64: a seeded, reproducible generator for message delays.
struct SeededGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One message on the simulated wire.
struct Envelope {
    let deliverAtMs: UInt64
    let sequence: UInt64
    let from: PublicKey
    let to: PublicKey
    let message: ConsensusMessage
}

/// A seeded network: every message is delivered after 1…`jitterMs` ms (so order varies with
/// the seed), unless `blocks` says to drop it.
final class SimulatedNetwork {
    let clock: VirtualClock
    var random: SeededGenerator
    var jitterMs: UInt64 = 5
    var queue: [Envelope] = []
    var sequence: UInt64 = 0
    /// Every message sent, in order.
    var log: [Envelope] = []
    /// Drop rule: true drops the message.
    var blocks: (PublicKey, PublicKey, ConsensusMessage) -> Bool = { _, _, _ in false }

    init(clock: VirtualClock, seed: UInt64) {
        self.clock = clock
        random = SeededGenerator(state: seed)
    }

    func send(_ message: ConsensusMessage, from: PublicKey, to: PublicKey) {
        sequence += 1
        let envelope = Envelope(
            deliverAtMs: clock.now + 1 + random.next() % jitterMs, sequence: sequence, from: from, to: to, message: message)
        log.append(envelope)
        if !blocks(from, to, message) { queue.append(envelope) }
    }

    /// The next message due, earliest (then first sent) first.
    func popDue() -> Envelope? {
        guard let index = queue.indices.min(by: { (queue[$0].deliverAtMs, queue[$0].sequence) < (queue[$1].deliverAtMs, queue[$1].sequence) }),
            queue[index].deliverAtMs <= clock.now
        else { return nil }
        return queue.remove(at: index)
    }

    var nextDeliveryMs: UInt64? { queue.map(\.deliverAtMs).min() }
}

struct NetworkTransport: ConsensusTransport {
    let network: SimulatedNetwork
    let from: PublicKey

    func send(_ message: ConsensusMessage, to peer: PublicKey) { network.send(message, from: from, to: peer) }
}

typealias TestEngine = ConsensusEngine<NetworkTransport, VirtualClock, MemorySafetyStore, TestApplication>

/// Validators (and followers) on one seeded network and one virtual clock.
final class Cluster {
    let clock = VirtualClock()
    let network: SimulatedNetwork
    let keys: [any SigningKey]
    let config: ChainConfig
    var engines: [TestEngine] = []
    var stores: [MemorySafetyStore] = []
    /// Nodes that neither receive nor tick (crashed or silent).
    var down: Set<Int> = []

    init(validators: Int, followers: Int = 0, seed: UInt64 = 1, configuration: ConsensusConfiguration = Cluster.defaultConfiguration) {
        network = SimulatedNetwork(clock: clock, seed: seed)
        keys = ConsensusFixture.validatorKeys(validators)
        config = ConsensusFixture.config(validators: keys)
        let followerKeys = (0..<followers).map { ConsensusFixture.key(UInt8(0x80 + $0)) }
        let everyone = keys.map(\.publicKey) + followerKeys.map(\.publicKey)
        for index in 0..<(validators + followers) {
            let store = MemorySafetyStore()
            stores.append(store)
            let identity = index < validators ? keys[index].publicKey : followerKeys[index - validators].publicKey
            engines.append(makeEngine(index: index, identity: identity, key: index < validators ? keys[index] : nil,
                store: store, peers: everyone, configuration: configuration))
        }
    }

    static var defaultConfiguration: ConsensusConfiguration {
        var configuration = ConsensusConfiguration()
        configuration.statusIntervalMs = 10_000
        return configuration
    }

    func makeEngine(
        index: Int, identity: PublicKey, key: (any SigningKey)?, store: MemorySafetyStore, peers: [PublicKey],
        configuration: ConsensusConfiguration, application: TestApplication? = nil
    ) -> TestEngine {
        try! TestEngine(
            configuration: configuration, key: key, transport: NetworkTransport(network: network, from: identity), clock: clock,
            store: store, application: application ?? TestApplication(config: config), peers: peers)
    }

    var identities: [PublicKey] { engines.indices.map(identity) }

    func identity(_ index: Int) -> PublicKey {
        index < keys.count ? keys[index].publicKey : ConsensusFixture.key(UInt8(0x80 + index - keys.count)).publicKey
    }

    func start() { for (index, engine) in engines.enumerated() where !down.contains(index) { engine.start() } }

    /// Runs the cluster until `done` holds or `limitMs` of virtual time passed; returns
    /// whether `done` held.
    @discardableResult
    func run(forMs limitMs: UInt64, until done: () -> Bool = { false }) -> Bool {
        let end = clock.now + limitMs
        let byKey = Dictionary(uniqueKeysWithValues: identities.enumerated().map { ($1, $0) })
        while clock.now <= end {
            if done() { return true }
            while let envelope = network.popDue() {
                guard let index = byKey[envelope.to], !down.contains(index) else { continue }
                engines[index].receive(envelope.message, from: envelope.from)
            }
            for (index, engine) in engines.enumerated() where !down.contains(index) && engine.nextDeadlineMs <= clock.now { engine.tick() }
            if done() { return true }
            var next = network.nextDeliveryMs ?? UInt64.max
            for (index, engine) in engines.enumerated() where !down.contains(index) { next = min(next, engine.nextDeadlineMs) }
            guard next != UInt64.max else { break }
            clock.now = max(clock.now + (next > clock.now ? 0 : 1), next)
        }
        return done()
    }

    func committedHeights(_ indices: [Int]? = nil) -> [UInt64] {
        (indices ?? Array(engines.indices)).map { engines[$0].application.committedHeight }
    }
}
