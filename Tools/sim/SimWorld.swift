import Chain
import Consensus
import Crypto
import Primitives

/// What the world does next.
enum SimEvent {
    /// A message arrives at `to` (the network already decided it does).
    case deliver(Envelope)
    /// A node's engine deadline.
    case tick(node: Int)
    case crash(node: Int)
    case restart(node: Int)
    case partition(Partition)
    case healPartition
    /// The network stops losing, duplicating and reordering (eventual synchrony).
    case calm
    /// Traders send a few orders and cancels to one node's pool.
    case traders
    /// A Byzantine aggregator replays votes it saw earlier.
    case replay(node: Int)
}

/// What one seed's run ended with.
struct SeedResult {
    let scenario: Scenario
    let failures: [CheckFailure]
    let traceHash: TraceHash
    let counters: SimCounters
    /// The height all honest nodes reached.
    let height: UInt64
    /// One line per node (height, round, step, role), printed with `--verbose` on failure.
    var nodeLines: [String] = []
}

/// One seeded cluster: nodes, network, clock, faults and traders, run to the end on one
/// thread. Everything random comes from the seed's generators; nothing reads wall time.
final class SimWorld {
    /// Events one seed may process at most: a bound on a runaway seed's cost.
    static let eventsMax: UInt64 = 3_000_000
    /// After the last fault heals, honest nodes get this long (plus `progressMsPerHeight` per
    /// height still to go) to reach the target height.
    static let progressBoundMs: UInt64 = 30_000
    static let progressMsPerHeight: UInt64 = 3_000
    /// Heights past the highest at healing that every honest node must still finalize, so
    /// progress after healing is new blocks, not only sync.
    static let heightsAfterHealing: UInt64 = 2
    static let traderIntervalMs: ClosedRange<UInt64> = 40...160

    let scenario: Scenario
    let genesis: SimGenesis
    let configuration: ConsensusConfiguration
    let clock = SimClock()
    let outbox = Outbox()
    private(set) var nodes: [SimNode] = []
    /// The honest nodes (fixed by the scenario), read after every event by the progress check.
    private(set) var honestNodes: [SimNode] = []
    /// The nodes each key runs on (its validator's node and any twin), in index order.
    private var nodesByKey: [PublicKey: [Int]] = [:]
    /// The last message encoded and its bytes: a broadcast is one message to every peer, so
    /// it is encoded once, not once per peer.
    private var lastEncoded: (message: ConsensusMessage, bytes: [UInt8])?
    var queue = EventQueue<SimEvent>()
    var network: SimNetwork
    var traders: Traders
    var random: SimRandom
    var safety = SafetyMonitor()
    var failures: [CheckFailure] = []
    var trace = TraceHash()
    var counters = SimCounters()
    /// Validator sets seen, by hash: certificates are checked against the set their block's
    /// parent named.
    var knownSets: [Hash256: ValidatorSet] = [:]
    /// Certificates already checked (by encoding): each distinct one is verified once.
    var checkedCertificates: Set<[UInt8]> = []
    /// Byzantine state: alternative blocks of equivocating proposers, votes seen for replay.
    var byzantine = ByzantineState()
    /// Set once the last fault healed: the height every honest node must reach.
    var target: UInt64?
    var healed = false
    /// Whether traders send orders (the figures measure consensus traffic alone).
    var tradersEnabled = true
    /// Test hook: called for every finalized record before the checks see it, so a test can
    /// forge a divergent history and prove the checks catch it.
    var recordHook: ((_ node: Int, _ record: FinalizedRecord) -> FinalizedRecord)?

    init(scenario: Scenario, configuration: ConsensusConfiguration = SimWorld.defaultConfiguration(validators: 4)) throws {
        self.scenario = scenario
        genesis = try SimGenesis(validators: scenario.validators, standbys: scenario.standbys)
        var configuration = configuration
        configuration.blockIntervalMs = min(configuration.blockIntervalMs, 50)
        self.configuration = configuration
        var root = SimRandom(seed: scenario.seed ^ 0x5157_4F52_4C44)  // "SIMWORLD"-ish: apart from the scenario's stream
        network = SimNetwork(profile: scenario.profile, random: root.fork())
        // Traders vote for honest candidates only: votes for a Byzantine validator could lift
        // its stake past 1/3, beyond the bound the checks assume (seeds 78 and 101 did, and
        // stalled at an epoch boundary with no honest quorum).
        let candidateKeys = genesis.candidateKeys
        let byzantineKeys = Set(scenario.byzantine.keys.map { candidateKeys[$0].publicKey })
        let honestCandidates = candidateKeys.map(\.publicKey).filter { !byzantineKeys.contains($0) }
        traders = Traders(
            keys: genesis.traderKeys, config: genesis.config, random: root.fork(),
            candidates: scenario.standbys > 0 ? honestCandidates : [])
        random = root.fork()
        for node in 0..<scenario.nodeCount {
            let validator = scenario.validatorIndex(ofNode: node)
            nodes.append(SimNode(index: node, validator: validator, key: genesis.candidateKeys[validator]))
            nodesByKey[genesis.candidateKeys[validator].publicKey, default: []].append(node)
        }
        honestNodes = nodes.filter { scenario.isHonest(node: $0.index) }
        knownSets[genesis.config.genesisValidatorSet.hash] = genesis.config.genesisValidatorSet
    }

    /// Timeouts short enough that a seed of a few heights costs little virtual time, long
    /// enough above the network's delays that rounds normally succeed.
    static func defaultConfiguration(validators: Int) -> ConsensusConfiguration {
        var configuration = ConsensusConfiguration()
        configuration.proposeTimeoutMs = 400
        configuration.prevoteTimeoutMs = 200
        configuration.precommitTimeoutMs = 200
        configuration.timeoutDeltaMsPerRound = 150
        configuration.blockIntervalMs = 20
        configuration.statusIntervalMs = 500
        configuration.aggregateWaitMs = 30
        configuration.treeFallbackMs = 150
        configuration.syncRequestTimeoutMs = 600
        return configuration
    }

    /// Everyone who may sign at some height: each engine's peers.
    var validatorKeys: [PublicKey] { genesis.candidateKeys.map(\.publicKey) }

    // MARK: running

    /// Runs the seed to its end and the checks after it.
    func run() -> SeedResult {
        schedule()
        for node in nodes { start(node) }
        var processed: UInt64 = 0
        let deadline = Scenario.faultsEndMsMax + Self.progressBoundMs + Self.progressMsPerHeight * (scenario.heights + 4)
        while let entry = queue.pop() {
            if let target, entry.timeMs > healDeadlineMs(target: target) { break }
            if entry.timeMs > deadline { break }
            processed += 1
            guard processed <= Self.eventsMax else {
                failures.append(CheckFailure(check: .run, detail: "more than \(Self.eventsMax) events by \(clock.timeMs) ms"))
                break
            }
            clock.timeMs = entry.timeMs
            handle(entry.payload)
            flush()
            if healed, target == nil { target = currentHonestHeight(max: true) + Self.heightsAfterHealing }
            if let target, currentHonestHeight(max: false) >= max(target, scenario.heights) { break }
            if !safety.failures.isEmpty { break }
        }
        counters.events = processed
        counters.virtualMs = clock.timeMs
        return finish()
    }

    /// When honest nodes must have reached `target`.
    func healDeadlineMs(target: UInt64) -> UInt64 {
        let start = max(scenario.healMs, 0)
        return start + Self.progressBoundMs + Self.progressMsPerHeight * max(target, scenario.heights)
    }

    /// The lowest (or highest) height honest nodes have finalized.
    func currentHonestHeight(max useMax: Bool) -> UInt64 {
        guard let first = honestNodes.first else { return 0 }
        var result = first.observedHeight
        for node in honestNodes.dropFirst() {
            let height = node.observedHeight
            result = useMax ? Swift.max(result, height) : Swift.min(result, height)
        }
        return result
    }

    /// The fault timeline and the first trader batch.
    private func schedule() {
        for window in scenario.partitions {
            queue.schedule(.partition(window.detail), atMs: window.startMs)
            queue.schedule(.healPartition, atMs: window.endMs)
        }
        for window in scenario.crashes {
            queue.schedule(.crash(node: window.detail), atMs: window.startMs)
            queue.schedule(.restart(node: window.detail), atMs: window.endMs)
        }
        queue.schedule(.calm, atMs: scenario.healMs)
        if tradersEnabled { queue.schedule(.traders, atMs: random.uint64(in: Self.traderIntervalMs)) }
        for (validator, role) in scenario.byzantine.sorted(by: { $0.key < $1.key }) where role == .aggregator(.replay) {
            queue.schedule(.replay(node: validator), atMs: 500)
        }
    }

    private func start(_ node: SimNode) {
        do {
            try node.start(
                config: genesis.config, configuration: configuration, peers: validatorKeys, clock: clock, outbox: outbox)
        } catch {
            failures.append(CheckFailure(check: .engine, detail: "node \(node.index) did not start: \(error)"))
        }
        observe(node)
    }

    private func handle(_ event: SimEvent) {
        switch event {
        case .deliver(let envelope):
            trace.mix(1)
            trace.mix(UInt64(envelope.from) << 32 | UInt64(envelope.to))
            trace.mix(UInt64(envelope.kind.rawValue) << 32 | UInt64(envelope.bytes.count))
            deliver(envelope)
        case .tick(let index):
            let node = nodes[index]
            guard node.isUp, node.tickDueMs == clock.timeMs else { return }
            trace.mix(2)
            trace.mix(UInt64(index))
            node.tickDueMs = nil
            node.lastTickMs = clock.timeMs
            node.engine?.tick()
            observe(node)
        case .crash(let index):
            trace.mix(3)
            trace.mix(UInt64(index))
            counters.crashes += 1
            nodes[index].crash()
        case .restart(let index):
            trace.mix(4)
            trace.mix(UInt64(index))
            counters.restarts += 1
            // Overlapping windows (a crash and a blackout): a restart of a running node is a kill first.
            if nodes[index].isUp { nodes[index].crash() }
            start(nodes[index])
        case .partition(let partition):
            trace.mix(5)
            counters.partitionsFormed += 1
            network.partition = partition
        case .healPartition:
            trace.mix(6)
            counters.partitionsHealed += 1
            network.partition = nil
        case .calm:
            trace.mix(7)
            network.profile = network.profile.healed
            network.partition = nil
            healed = true
        case .traders:
            trace.mix(8)
            submitOrders()
            queue.schedule(.traders, atMs: clock.timeMs + random.uint64(in: Self.traderIntervalMs))
        case .replay(let index):
            trace.mix(9)
            replayVotes(from: index)
            queue.schedule(.replay(node: index), atMs: clock.timeMs + random.uint64(in: 200...800))
        }
    }

    private func deliver(_ envelope: Envelope) {
        let node = nodes[envelope.to]
        guard node.isUp else {
            network.countDownReceiver()
            return
        }
        guard network.admitsDelivery(envelope) else { return }
        let message: ConsensusMessage
        do {
            message = try ConsensusMessage.decode(envelope.bytes)
        } catch {
            failures.append(CheckFailure(check: .engine, detail: "a \(envelope.kind) message did not decode: \(error)"))
            return
        }
        guard let filtered = filterIncoming(message, at: node) else { return }
        node.engine?.receive(filtered, from: nodes[envelope.from].key.publicKey)
        observe(node)
    }

    /// Sends what the engines left in the outbox through the Byzantine filters and the
    /// network, then reschedules every live node's tick.
    private func flush() {
        if outbox.overflowed {
            failures.append(CheckFailure(check: .engine, detail: "one event made more than \(Outbox.itemsMax) messages"))
            outbox.overflowed = false
        }
        while !outbox.items.isEmpty {
            let items = outbox.items
            outbox.items.removeAll(keepingCapacity: true)
            for item in items {
                for destination in destinations(of: item.to) where destination != item.from {
                    for (message, extraDelayMs) in filterOutgoing(item.message, from: nodes[item.from], to: destination) {
                        send(message, from: item.from, to: destination, extraDelayMs: extraDelayMs)
                    }
                }
            }
        }
        for node in nodes { scheduleTick(node) }
    }

    /// The nodes a key addresses: its validator's node and any twin.
    func destinations(of key: PublicKey) -> [Int] {
        nodesByKey[key] ?? []
    }

    func send(_ message: ConsensusMessage, from: Int, to: Int, extraDelayMs: UInt64 = 0) {
        let bytes: [UInt8]
        if let lastEncoded, lastEncoded.message == message {
            bytes = lastEncoded.bytes
        } else {
            bytes = message.canonicalBytes
            lastEncoded = (message, bytes)
        }
        let envelope = Envelope(from: from, to: to, kind: message.kind, bytes: bytes)
        if let phase = Self.phase(of: message) { counters.byPhase[phase, default: 0] += 1 }
        for arrival in network.route(envelope, nowMs: clock.timeMs) {
            queue.schedule(.deliver(envelope), atMs: arrival + extraDelayMs)
        }
    }

    private func scheduleTick(_ node: SimNode) {
        guard let engine = node.engine else { return }
        let due = engine.nextDeadlineMs
        guard due != .max else { return }
        // An engine whose deadline is already past gets a tick now (after this event); one
        // at the current time is ticked in a later event of the same millisecond.
        var at = max(due, clock.timeMs)
        // Ticked at this very millisecond and still due: wait a millisecond, so an engine
        // that keeps a past deadline cannot spin the world at one instant.
        if node.lastTickMs == clock.timeMs, at == clock.timeMs { at += 1 }
        if node.tickDueMs == at { return }
        node.tickDueMs = at
        queue.schedule(.tick(node: node.index), atMs: at)
    }

    /// The voting phase a message belongs to, for the per-phase figures.
    static func phase(of message: ConsensusMessage) -> String? {
        switch message {
        case .proposal: "propose"
        case .vote(let vote): vote.target.phase == .prevote ? "prevote" : "precommit"
        case .aggregate(let certificate), .certificate(let certificate): certificate.target.phase == .prevote ? "prevote" : "precommit"
        default: nil
        }
    }

    // MARK: traders

    private func submitOrders() {
        let live = nodes.filter(\.isUp)
        guard !live.isEmpty else { return }
        let node = random.pick(live)
        guard let engine = node.engine else { return }
        let items = traders.nextItems(state: engine.application.state, nowMs: clock.timeMs)
        guard !items.isEmpty else { return }
        trace.mix(UInt64(node.index) << 8 | UInt64(items.count))
        traders.record(engine.application.submit(items))
    }
}
