import Chain
import Dispatch
import Foundation
import Gateway
import Logging
import Pool
import Storage
import Synchronization
import ZeroMQ

/// A running node: its data folder (LevelDB: chain, mempool journal, safety record), a block
/// thread that drives consensus (a validator alone finalizes a block every block interval),
/// a consensus network thread when node.json names a consensus endpoint, and an intake
/// thread serving the raw ZeroMQ intake (docs/OPERATIONS.md).
///
/// `stop()` finishes the block being written, if any, and ends both threads; a storage
/// failure (disk full, folder unwritable) stops the node the same way, with the storage
/// error as `failure`. Nothing is torn either way: each block is one atomic synced batch.
public final class Node: Sendable {
    /// Where the intake listens, with a wildcard port resolved.
    public let intakeEndpoint: String
    /// The market-data publisher (PUB feeds and snapshot ROUTER, endpoints resolved).
    public let feeds: FeedPublisher
    /// Where the order-entry gateway listens, with a wildcard port resolved; nil without one.
    public var gatewayEndpoint: String? { gateway?.endpoint }
    /// The gateway's refusals and losses; nil without a gateway.
    public var gatewayCounters: GatewayCounters? { gateway?.counters }
    /// The raw intake's refusals and status answers.
    public let intakeCounters: IntakeCounters
    /// Where the consensus ROUTER listens, with a wildcard port resolved; nil without a network.
    public var consensusEndpoint: String? { network?.endpoint }
    /// Handshakes the consensus network's ZAP handler admitted and refused; nil without one.
    public var consensusHandshakes: (admitted: Int, refused: Int)? { network?.handshakes }
    private let network: ConsensusNetwork?
    private let gateway: OrderEntryServer?
    private let stopFlag = StopFlag()
    private let queue: BoundedQueue<IntakeItem>
    private let failureReason = Mutex<NodeError?>(nil)
    private let running = DispatchGroup()
    private let logger: Logger
    /// Longest wait for the feed thread at shutdown.
    private static let feedsStopTimeoutMs = 5_000

    private init(
        intakeEndpoint: String, intakeCounters: IntakeCounters, feeds: FeedPublisher, gateway: OrderEntryServer?,
        queue: BoundedQueue<IntakeItem>, network: ConsensusNetwork?, logger: Logger
    ) {
        self.network = network
        self.intakeEndpoint = intakeEndpoint
        self.intakeCounters = intakeCounters
        self.feeds = feeds
        self.gateway = gateway
        self.queue = queue
        self.logger = logger
    }

    /// Opens the data folder and the chain, reloads the pool, binds the intake and starts the
    /// node's threads. Throws (leaving nothing open) when any of that fails.
    public static func start(
        _ settings: NodeSettings, makePool: @escaping MempoolFactory, clock: any NodeClock = SystemClock(),
        observers: [any BlockObserver] = [], logger: Logger
    ) throws(NodeError) -> Node {
        // Checked against the node folder's chain record before anything else reads it.
        let folder = try DataFolder.open(settings, create: true, logger: logger)
        let store = folder.store
        do {
            return try start(settings, folder: folder, makePool: makePool, clock: clock, observers: observers, logger: logger)
        } catch {
            store.close()
            throw error
        }
    }

    private static func start(
        _ settings: NodeSettings, folder: DataFolder, makePool: MempoolFactory, clock: any NodeClock,
        observers: [any BlockObserver], logger: Logger
    ) throws(NodeError) -> Node {
        let store = folder.store
        let configuration = settings.configuration
        let consensusSettings = try ConsensusSettings.load(settings)
        var producer = try BlockProducer(
            store: store, config: settings.chain, validatorKey: consensusSettings.role == .validator ? settings.validatorKey : nil,
            limits: BlockLimits(maxTransactions: configuration.blockMaxTransactions, maxCancels: configuration.blockMaxCancels),
            makePool: makePool, chainRecord: folder.record, logger: logger)
        let feeds = try startFeeds(configuration, state: producer.state, logger: logger)
        let context: ZMQContext
        let sockets: IntakeSockets
        do {
            context = try ZMQContext()
            sockets = try IntakeSockets(
                context: context, endpoint: configuration.intakeEndpoint,
                maxMessageBytes: configuration.intakeMaxMessageBytes, queueCapacity: configuration.intakeQueueCapacity,
                connectionsMax: configuration.publicConnectionsMax)
        } catch {
            feeds.stop()
            throw .intake(error)
        }
        // One lane per source in both queues: each door keeps its order and its share.
        let queue = BoundedQueue<IntakeItem>(intakeCapacity: configuration.intakeQueueCapacity)
        let network: ConsensusNetwork?
        do {
            network = try consensusSettings.endpoint.map { _ throws(NodeError) in
                try ConsensusNetwork(settings: consensusSettings, wake: { queue.wake() }, logger: logger)
            }
        } catch {
            sockets.close()
            feeds.stop()
            throw error
        }
        let signatures = SignatureStage(capacity: configuration.intakeQueueCapacity, output: queue, pool: producer.pool)
        let gateway: OrderEntryServer?
        do {
            gateway = try makeGateway(
                settings, context: context, signatures: signatures, coins: CoinReader(store: store, pending: producer.pool),
                burns: BurnReader(store: store), headers: producer.headerFeed, clock: clock,
                logger: logger)
        } catch {
            network?.close()
            sockets.close()
            feeds.stop()
            throw error
        }
        producer.clock = clock
        producer.observers =
            observers + [FeedObserver(publisher: feeds)]
            + (gateway.map { [ReportObserver(sink: $0.reports)] } ?? [])
        let counters = IntakeCounters(IntakeCounts())
        let node = Node(
            intakeEndpoint: sockets.endpoint, intakeCounters: counters, feeds: feeds, gateway: gateway, queue: queue, network: network,
            logger: logger)
        let board = StatusBoard(producer.status)
        let plan = ConsensusPlan(
            configuration: ConsensusPlan.configuration(blockIntervalMs: settings.chain.genesis.blockIntervalMs),
            key: settings.validatorKey, role: consensusSettings.role, network: network)
        let loop = BlockLoop(
            producer: producer, store: store, consensus: plan, queue: queue, replies: sockets.replyPush, board: board, clock: clock,
            logger: logger)
        let intake = IntakeServer(
            sockets: sockets, stage: signatures, board: board, counters: counters,
            clientRate: .init(perSecond: configuration.intakeRatePerSecond, burst: configuration.intakeBurst),
            totalRate: .init(perSecond: configuration.intakeTotalRatePerSecond, burst: configuration.intakeTotalRatePerSecond),
            clock: clock, config: settings.chain,
            traffic: { [queue, signatures, feeds, gateway, counters, sockets] in
                NodeStatus.Traffic(
                    queued: queue.count + signatures.count, gateway: gateway?.counters.current, feeds: feeds.counters,
                    intake: counters.current, guards: Self.guardCounters(intake: sockets.publicGuard, gateway: gateway, feeds: feeds))
            }, logger: logger)
        node.runBlocks(loop, store: store, sockets: sockets)
        if let network {
            node.runNetwork(network)
            logger.info(
                "consensus network listening on \(network.endpoint) as \(consensusSettings.role.rawValue), \(network.sender.peers.count) peers"
            )
        }
        node.runSignatures(signatures)
        node.runIntake(intake, sockets: sockets)
        logger.info("intake listening on \(sockets.endpoint)")
        if let gateway {
            node.runGateway(gateway)
            logger.info("order-entry gateway listening on \(gateway.endpoint)")
        }
        if let relay = makeHeaderRelay(configuration, producer: producer, logger: logger) { node.runHeaders(relay) }
        return node
    }

    private static func startFeeds(_ configuration: NodeConfiguration, state: ChainState, logger: Logger) throws(NodeError) -> FeedPublisher
    {
        let context: ZMQContext
        do { context = try ZMQContext() } catch { throw .feeds(.socket(error)) }
        do {
            return try FeedPublisher.start(
                context: context, configuration: configuration.feeds, markets: state.exchange.markets.map(FeedMarket.init),
                resting: restingOrders(state.exchange), logger: logger)
        } catch {
            throw .feeds(error)
        }
    }

    /// The books' resting orders per market, in time priority, for the feed's book copy.
    private static func restingOrders(_ exchange: Exchange) -> [Int: [FeedRestingOrder]] {
        Dictionary(
            uniqueKeysWithValues: exchange.markets.map { market in
                (
                    market.index,
                    exchange.restingOrders(market: market.index).map {
                        FeedRestingOrder(orderID: $0.orderID, side: $0.side, priceTicks: $0.priceTicks, sizeLots: $0.sizeLots)
                    }
                )
            })
    }

    /// The order-entry gateway node.json asks for, bound and ready; its jobs pass the
    /// signature stage, as raw intake requests do, and then join the block thread's queue in
    /// their own lane, so the block thread admits both the same way.
    private static func makeGateway(
        _ settings: NodeSettings, context: ZMQContext, signatures: SignatureStage, coins: any CoinSource, burns: any BurnSource,
        headers: (any MainChainHeaderSink)?, clock: any NodeClock, logger: Logger
    ) throws(NodeError) -> OrderEntryServer? {
        guard let gatewaySettings = try OrderEntrySettings.load(settings) else { return nil }
        do {
            return try OrderEntryServer(
                settings: gatewaySettings, config: settings.chain, context: context,
                submit: { signatures.offer($0) }, coins: coins, burns: burns, headers: headers, reports: ReportSink(config: settings.chain),
                nowMs: { clock.nowMs() }, logger: logger)
        } catch {
            throw .gateway(error)
        }
    }

    /// Every public socket's guard counters, by socket.
    private static func guardCounters(intake: ZMTPGuard?, gateway: OrderEntryServer?, feeds: FeedPublisher) -> [String: ZMTPGuardCounters] {
        var counters = feeds.guardCounters
        counters["intake"] = intake?.counters
        counters["gateway"] = gateway?.guardCounters
        return counters
    }

    /// Asks both threads to finish; returns at once. Safe to call more than once.
    public func stop() {
        stopFlag.set()
        queue.close()
        // The gateway sleeps until work or its housekeeping interval; this is work.
        gateway?.wakeUp()
    }

    /// Waits until both threads have finished and the data folder is closed; returns why the
    /// node stopped on its own, or nil after `stop()`.
    @discardableResult
    public func waitUntilStopped() -> NodeError? {
        running.wait()
        return failure
    }

    /// Waits at most `timeoutMs`; false when the node is still running.
    public func waitUntilStopped(timeoutMs: Int) -> Bool {
        running.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }

    /// Why the node stopped on its own (storage, chain or intake failure), if it did.
    public var failure: NodeError? { failureReason.withLock { $0 } }

    /// Whether the node is still running.
    public var isRunning: Bool { !waitUntilStopped(timeoutMs: 0) }

    private func fail(_ error: NodeError) {
        failureReason.withLock { $0 = $0 ?? error }
        logger.critical("stopping: \(error)")
        stop()
    }

    private func runBlocks<Store>(_ loop: BlockLoop<Store>, store: LevelDBStore, sockets: IntakeSockets) {
        spawn("lodestone-blocks") { [self] in
            var height = loop.producer.committedHeight
            do throws(NodeError) { height = try loop.run(until: stopFlag) } catch { fail(error) }
            loop.consensus.network?.sender.close()
            sockets.replyPush.close()
            // The publisher finishes the blocks already handed over, then closes its sockets.
            feeds.stop()
            _ = feeds.waitUntilStopped(timeoutMs: Self.feedsStopTimeoutMs)
            logger.info("feeds stopped: \(feeds.counters)")
            // The block thread is the store's only writer (blocks and the pool's journal).
            store.close()
            logger.info("block thread stopped at height \(height)")
        }
    }

    private func runIntake(_ server: IntakeServer, sockets: IntakeSockets) {
        spawn("lodestone-intake") { [self] in
            do throws(ZMQError) { try server.run(until: stopFlag) } catch { fail(.intake(error)) }
            sockets.publicGuard?.stop()
            sockets.router.close()
            sockets.replyPull.close()
        }
    }

    private func runNetwork(_ network: ConsensusNetwork) {
        spawn("lodestone-consensus") { [self] in
            do throws(ZMQError) { try network.run(until: stopFlag) } catch { fail(.consensus(reason: "network: \(error.description)")) }
        }
    }

    private func runSignatures(_ stage: SignatureStage) {
        spawn("lodestone-sigverify") { [self] in stage.run(until: stopFlag) }
    }

    private func runGateway(_ gateway: OrderEntryServer) {
        spawn("lodestone-gateway") { [self] in
            do throws(ZMQError) { try gateway.run(until: { stopFlag.isSet }) } catch { fail(.intake(error)) }
        }
    }

    private func runHeaders(_ relay: HeaderRelayLoop) {
        spawn("lodestone-headers") { [self] in relay.run(until: stopFlag) }
    }

    /// Runs `body` on its own thread, counted in `running`.
    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        running.enter()
        let thread = Thread { [running] in
            body()
            running.leave()
        }
        thread.name = name
        // Block execution and book rebuilds recurse more than the default thread stack allows.
        thread.stackSize = 8 << 20
        thread.start()
    }
}
