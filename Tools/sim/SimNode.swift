import Chain
import Consensus
import Crypto
import Logging
import Node
import Pool
import Primitives
import Storage

/// The consensus engine as the simulator runs it: the real engine over the real chain
/// (`BlockProducer`: pool, matching, settlement) and the real safety store, both on
/// in-memory stores, talking through the simulated network on the virtual clock.
typealias SimEngine = ConsensusEngine<SimTransport, SimClock, KeyValueSafetyStore<MemoryStore>, BlockProducer<MemoryStore>>

/// One node of a simulated cluster. Its stores are its disk: a crash drops the engine and
/// the producer, a restart reopens both from the same stores.
final class SimNode {
    let index: Int
    /// The validator whose key it runs (twins share one).
    let validator: Int
    let key: any SigningKey
    let chainDisk = MemoryStore()
    let safetyDisk = MemoryStore()
    private(set) var engine: SimEngine?
    /// When its pending tick event is due; nil when none is scheduled.
    var tickDueMs: UInt64?
    /// When its engine was last ticked.
    var lastTickMs: UInt64?
    /// What it finalized, in height order, as observed after each event.
    var history: [FinalizedRecord] = []
    var observedHeight: UInt64 { history.last?.height ?? 0 }
    /// The validator set hash each finalized header named, by height: the set that signs the
    /// next height, for its certificate's check (read once, not from the store again).
    var validatorSetHashes: [UInt64: Hash256] = [:]
    /// Engine counters of its earlier lives (before crashes), by name.
    var retiredCounters: [String: Int] = [:]

    init(index: Int, validator: Int, key: any SigningKey) {
        self.index = index
        self.validator = validator
        self.key = key
    }

    var isUp: Bool { engine != nil }

    /// Opens the chain (genesis on first open) and the safety record from this node's disk
    /// and starts an engine on them.
    func start(
        config: ChainConfig, configuration: ConsensusConfiguration, peers: [PublicKey], clock: SimClock, outbox: Outbox
    ) throws {
        let producer = try BlockProducer(
            store: chainDisk, config: config, validatorKey: nil, limits: BlockLimits(maxTransactions: 256, maxCancels: 256),
            makePool: { config, journal throws(ChainError) in try Mempool(config: config, journal: journal) },
            logger: Self.silentLogger)
        let engine = try SimEngine(
            configuration: configuration, key: key, transport: SimTransport(node: index, outbox: outbox), clock: clock,
            store: KeyValueSafetyStore(store: safetyDisk), application: producer, peers: peers.filter { $0 != key.publicKey })
        self.engine = engine
        engine.start()
    }

    /// Drops the engine and the producer as a kill would: only what is on disk survives.
    func crash() {
        if let engine {
            for (name, count) in Self.counters(of: engine) { retiredCounters[name, default: 0] += count }
        }
        engine = nil
        tickDueMs = nil
    }

    /// Every engine counter of this node, over all its lives.
    var totalCounters: [String: Int] {
        var totals = retiredCounters
        if let engine { for (name, count) in Self.counters(of: engine) { totals[name, default: 0] += count } }
        return totals
    }

    static let silentLogger = Logger(label: "lodestone-sim") { _ in SwiftLogNoOpLogHandler() }
}
