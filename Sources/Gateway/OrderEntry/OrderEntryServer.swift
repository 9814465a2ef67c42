import Chain
import Crypto
import Foundation
import LodestoneWire
import Logging
import Primitives
import ZeroMQ

/// The order-entry ROUTER (docs/PROTOCOL.md §8.2, §8.3): reads requests, checks them, hands
/// pool work to the node's block thread, and sends responses and execution reports.
///
/// Everything here runs on the gateway thread (`run`), except `init`, which binds the socket
/// before that thread starts, and the part of each job that runs on the block thread (see
/// `enqueue`). The thread sleeps in one poll on the ROUTER, the ZAP socket and `wake`, which
/// the block thread signals when it posts answers or reports, so it wakes on work rather
/// than on a timer. Nothing waits on a client: every send is `dontWait`, and a client whose
/// outbox stays full is cut off.
public final class OrderEntryServer: @unchecked Sendable {
    /// Messages read in one go before replies and reports get their turn.
    static let burstMax = 256
    /// Frames after ZeroMQ's identity read and answered `wrong_frame_count` when there are
    /// more than one; a message with more is dropped by the socket wrapper and counted.
    static let framesAnswered = 8
    /// `SubscriptionEnded` notices waiting for a full outbox; past this the oldest is given up.
    static let noticesMax = 1_024
    /// How soon the gateway retries a backlog whose client's outbox was full.
    static let backlogRetryMs = 1
    /// How long the stopping gateway lets libzmq flush its last messages (stop notices) to the guard.
    static let stopLingerMs = 1_000
    /// How long the stopping guard may take to pass those messages on to the clients.
    static let stopDrainMs = 2_000

    /// Where the ROUTER listens, with a wildcard port resolved.
    public let endpoint: String
    public let counters = GatewayCounters(GatewayCounts())
    let settings: OrderEntrySettings
    let config: ChainConfig
    let submit: PoolJobSubmitter
    /// The node's coin index and pool, for coins and balances queries (read on this thread).
    let coinSource: any CoinSource
    /// The node's burn index, for burns queries; nil: none (refused as `no_peg`).
    let burnSource: (any BurnSource)?
    /// Where submitted main-chain headers go (a node's header feed); nil: refused.
    let headerSink: (any MainChainHeaderSink)?
    /// The chain's assets, for refusing a query about any other.
    let knownAssets: Set<AssetID>
    /// Execution reports; a node feeds it every committed block.
    public let reports: ReportSink
    let nowMs: @Sendable () -> UInt64
    let logger: Logger
    let router: ZMQSocket
    let receiveLimits: ZMQReceiveLimits
    /// The guard clients connect through; the ROUTER listens only for it (nil for inproc).
    let publicGuard: ZMTPGuard?
    /// What the guard in front of the ROUTER accepted, refused and cut off (nil for inproc).
    public var guardCounters: ZMTPGuardCounters? { publicGuard?.counters }
    /// Present with CurveZMQ: admits allow-listed client keys.
    let zap: ZMQAuthenticator?
    /// Raw answers from the block thread; the responses are built here.
    let replies: Mailbox<PoolAnswer>
    /// Signalled by the block thread after it posts answers or reports, and by `wakeUp()`.
    let wake: ZMQWake
    var connections: [[UInt8]: Connection] = [:]
    /// Who saw the gateway last, to find the unsubscribed client to forget when full.
    var recency = ConnectionRecency()
    var subscribers: [PublicKey: Set<[UInt8]>] = [:]
    /// Connections with a report subscription (at most `settings.maxSubscribedConnections`).
    var subscribedCount = 0
    /// Encoded `SubscriptionEnded` notices whose client's outbox was full, oldest first.
    var pendingNotices: [(identity: [UInt8], bytes: [UInt8])] = []
    /// Clients with messages in their backlog, and the bytes waiting in all backlogs.
    var backlogged = Set<[UInt8]>()
    var backlogBytes = 0
    var inFlight = 0

    /// Binds the ROUTER on `settings.endpoint`; coins and balances queries read `coins`,
    /// burns queries `burns`, and submitted main-chain headers go to `headers` (on a chain with
    /// a peg; without `headers` they are refused as `headers_not_accepted`).
    public init(
        settings: OrderEntrySettings, config: ChainConfig, context: ZMQContext, submit: @escaping PoolJobSubmitter,
        coins: any CoinSource, burns: (any BurnSource)? = nil, headers: (any MainChainHeaderSink)? = nil, reports: ReportSink,
        nowMs: @escaping @Sendable () -> UInt64, logger: Logger
    ) throws(GatewayError) {
        try settings.check()
        self.settings = settings
        self.config = config
        self.submit = submit
        self.coinSource = coins
        burnSource = burns
        headerSink = headers
        knownAssets = Set(config.assetIDs.values)
        self.reports = reports
        self.nowMs = nowMs
        self.logger = logger
        replies = Mailbox(capacity: settings.maxInFlight)
        do {
            wake = try ZMQWake(context)
            zap = try settings.curve.map { curve throws(ZMQError) in
                // Every allow-listed client is admitted under its own key (Z85) as user ID.
                try ZMQAuthenticator(context: context, allowed: Dictionary(uniqueKeysWithValues: curve.allowedClients.map { ($0, $0.z85) }))
            }
            router = try ZMQSocket(context, type: .router)
            if let curve = settings.curve {
                try router.setOption(.curveServer, true)
                try router.setOption(.curveSecretKey, curve.serverKeys.secretKey)
                try router.setOption(.zapDomain, "lodestone-gateway")
            }
            try router.setOption(.maxMessageBytes, WireLimits.maxRequestBytes)
            try router.setOption(.sendHighWaterMark, settings.sendHighWaterMark)
            try router.setOption(.receiveHighWaterMark, settings.sendHighWaterMark)
            // A full outbox then refuses the send (counted) instead of dropping it silently.
            try router.setOption(.routerMandatory, true)
            try router.setOption(.lingerMs, 0)
            publicGuard = try router.bindGuarded(settings.endpoint, limits: try Self.guardLimits(settings), name: "gateway")
            endpoint = try router.publicEndpoint(behind: publicGuard)
            // Identity, the request, and a few more frames so a wrong frame count is answered.
            receiveLimits = try ZMQReceiveLimits(maxFrames: 1 + Self.framesAnswered, maxTotalBytes: WireLimits.maxRequestBytes + 256)
        } catch {
            throw GatewayError(.badSetting, "cannot listen on \(settings.endpoint): \(error)")
        }
        reports.wakeOnReports(wake)
    }

    /// Wakes the gateway thread now (e.g. so it sees a stop before its housekeeping interval
    /// ends). Safe from any thread.
    public func wakeUp() {
        wake.signal()
    }

    /// What a client may send in one message: the frames the gateway answers (a request, and
    /// more up to `framesAnswered` for a `wrong_frame_count` answer) within the request bound;
    /// past that the guard disconnects it before the ROUTER buffers anything.
    static func guardLimits(_ settings: OrderEntrySettings) throws(ZMQError) -> ZMTPGuardLimits {
        do {
            return try ZMTPGuardLimits(
                framesPerMessageMax: framesAnswered, messageBytesMax: WireLimits.maxRequestBytes + 256,
                frameBytesMax: WireLimits.maxRequestBytes, connectionsMax: settings.publicConnectionsMax)
        } catch {
            throw ZMQError(.invalidArgument, "gateway guard: \(error.message)")
        }
    }

    deinit {
        // A server whose thread never ran still owns its guard's thread.
        publicGuard?.stop()
    }

    /// Serves until `shouldStop` returns true, then tells every subscriber its subscription
    /// ended and closes the socket.
    public func run(until shouldStop: @Sendable () -> Bool) throws(ZMQError) {
        defer {
            // The stop notices get a moment to leave; the socket closes either way.
            try? router.setOption(.lingerMs, Self.stopLingerMs)
            router.close()
            zap?.close()
            wake.close()
            // They still pass the guard: it relays until libzmq has flushed and closed each inner
            // connection (a plain stop here lost them whenever it came first), and the gateway
            // thread, which the node waits for, ends only after that.
            if let publicGuard {
                publicGuard.stop(drainingWithinMs: Self.stopDrainMs)
                _ = publicGuard.waitUntilStopped(timeoutMs: Self.stopDrainMs + Self.stopLingerMs)
            }
        }
        var poller = ZMQPoller()
        let routerIndex = try poller.register(router, for: .readable)
        let wakeIndex = try poller.register(wake.receiver, for: .readable)
        let zapIndex = try zap.map { zap throws(ZMQError) in try poller.register(zap.socket, for: .readable) }
        let housekeeping = Duration.milliseconds(settings.housekeepingIntervalMs)
        var lastHousekeeping = ContinuousClock.now
        while !shouldStop() {
            // A waiting backlog is retried soon: nothing signals that an outbox drained.
            let ready = try poller.poll(timeoutMs: backlogged.isEmpty ? settings.housekeepingIntervalMs : Self.backlogRetryMs)
            // Before the mailbox and outbox are drained: a post after this signals again.
            if ready[wakeIndex].contains(.readable) { try wake.consume() }
            if let zapIndex, ready[zapIndex].contains(.readable) { try zap?.answerAll() }
            if ready[routerIndex].contains(.readable) { try receiveRequests() }
            sendBacklogs()
            sendReplies()
            sendReports()
            let now = ContinuousClock.now
            if now - lastHousekeeping >= housekeeping {
                lastHousekeeping = now
                retryNotices()
            }
        }
        let subscribed = connections.compactMap { $0.value.subscribedKey == nil ? nil : $0.key }
        for identity in subscribed { forget(identity, ending: GatewayError(.gatewayStopping, "the node is stopping")) }
    }

    private func receiveRequests() throws(ZMQError) {
        for _ in 0..<Self.burstMax {
            let message: ZMQMessage?
            do {
                message = try router.receive(limits: receiveLimits, .dontWait)
            } catch  where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // The wrapper drained it; past the frame limit there may be no identity to answer.
                counters.count(\.unreadable)
                continue
            }
            guard let message else { return }
            handle(identity: message.frames[0], frames: Array(message.frames.dropFirst()))
        }
    }

    /// Builds, encodes and sends the responses to the jobs the block thread finished.
    private func sendReplies() {
        for answer in replies.drain() {
            inFlight -= 1
            var message = Lodestone_V1_ServerMessage()
            message.kind = .response(answer.plan.respond(answer.results[...], answer.status))
            send(message, to: answer.identity)
        }
        assert(inFlight >= 0, "every reply answers one job in flight")
    }

    /// Sends without waiting. A message that does not fit the client's outbox waits in its
    /// backlog (in order, within `backlogBytesMax` and the gateway's `backlogTotalBytesMax`),
    /// sent as the outbox drains; past those bounds the message is lost (counted), and a
    /// client that loses `cutoffDrops` in a row is cut off. A client that is gone is forgotten.
    func send(_ message: Lodestone_V1_ServerMessage, to identity: [UInt8]) {
        guard let bytes = encoded(message) else { return }
        // Behind a waiting backlog: in order, after it.
        if connections[identity]?.backlog.isEmpty == false {
            keep(bytes, for: identity)
            return
        }
        switch deliver(bytes, to: identity) {
        case .sent:
            connections[identity]?.consecutiveDrops = 0
        case .gone:
            counters.count(\.droppedMessages)
            departed(identity)
        case .full:
            keep(bytes, for: identity)
        }
    }

    /// Puts a message that found the outbox full in the client's backlog, or loses it
    /// (counted, and the client cut off after `cutoffDrops` in a row) past the bounds.
    private func keep(_ bytes: [UInt8], for identity: [UInt8]) {
        // Read and changed in place: a copy of the connection would share the backlog's
        // storage and make each append copy every waiting message.
        guard let waitingBytes = connections[identity]?.backlog.byteCount else {
            counters.count(\.droppedMessages)
            return
        }
        let fits =
            waitingBytes + bytes.count <= settings.backlogBytesMax
            && backlogBytes + bytes.count <= settings.backlogTotalBytesMax
        if fits {
            connections[identity]?.backlog.append(bytes)
            backlogBytes += bytes.count
            backlogged.insert(identity)
            counters.count(\.backloggedMessages)
            return
        }
        counters.count(\.droppedMessages)
        connections[identity]?.consecutiveDrops += 1
        if let drops = connections[identity]?.consecutiveDrops, drops >= settings.cutoffDrops { cutOff(identity) }
    }

    /// Sends what waits in the backlogs, oldest first per client, until each outbox is full.
    func sendBacklogs() {
        guard !backlogged.isEmpty else { return }
        for identity in backlogged {
            // Taken out while sending, so the connection's copy does not share its storage.
            guard var backlog = connections[identity]?.backlog else {
                backlogged.remove(identity)
                continue
            }
            connections[identity]?.backlog = Backlog()
            var delivery = Delivery.sent
            while let bytes = backlog.first {
                delivery = deliver(bytes, to: identity)
                guard delivery == .sent else { break }
                backlog.removeFirst()
                backlogBytes -= bytes.count
                connections[identity]?.consecutiveDrops = 0
            }
            connections[identity]?.backlog = backlog
            if backlog.isEmpty { backlogged.remove(identity) }
            if delivery == .gone { departed(identity) }
        }
        assert(backlogBytes >= 0, "the total is the backlogs' sum")
    }

    /// ROUTER_MANDATORY said no connection has this identity any more: nobody is left to tell.
    private func departed(_ identity: [UInt8]) {
        guard connections[identity] != nil else { return }
        forget(identity)
        counters.count(\.departedClients)
    }

    /// Removes a client's entry, releasing what waits in its backlog.
    @discardableResult
    func removeConnection(_ identity: [UInt8]) -> Connection? {
        guard let connection = connections.removeValue(forKey: identity) else { return nil }
        backlogBytes -= connection.backlog.byteCount
        backlogged.remove(identity)
        return connection
    }

    /// What became of one send.
    enum Delivery {
        case sent
        /// The client's outbox is full.
        case full
        /// No connection has this identity (it disconnected).
        case gone
    }

    /// One send without waiting and without any bookkeeping.
    func deliver(_ bytes: [UInt8], to identity: [UInt8]) -> Delivery {
        do {
            return try router.send(ZMQMessage(frames: [identity, bytes]), .dontWait) == .sent ? .sent : .full
        } catch  where error.kind == .peerUnreachable {
            return .gone
        } catch {
            logger.debug("gateway could not send: \(error)")
            return .full
        }
    }

    /// The message's checked bytes; every message is built within the wire's limits, so one
    /// that is not is a bug, logged and not sent.
    func encoded(_ message: Lodestone_V1_ServerMessage) -> [UInt8]? {
        do { return try message.wireBytes() } catch {
            assertionFailure("the gateway built an invalid message: \(error)")
            logger.error("gateway built an invalid message: \(error)")
            return nil
        }
    }

    /// Forgets a client that stopped reading: its subscription ends (it is told, best effort)
    /// and no more reports go to it. It may send again and is then a new client.
    func cutOff(_ identity: [UInt8]) {
        let reason = GatewayError(.cutOff, "\(settings.cutoffDrops) messages in a row did not fit the connection's outbox")
        guard connections[identity] != nil else { return }
        forget(identity, ending: reason)
        counters.count(\.cutOffClients)
        logger.warning("gateway cut off a client that was not reading")
    }

    /// Forgets a client. A subscribed one is unsubscribed, and with a `reason` first told so
    /// with `SubscriptionEnded`.
    func forget(_ identity: [UInt8], ending reason: GatewayError? = nil) {
        guard let connection = removeConnection(identity), let key = connection.subscribedKey else { return }
        unsubscribe(identity, from: key)
        subscribedCount -= 1
        assert(subscribedCount >= 0, "every subscribed connection was counted once")
        guard let reason else { return }
        counters.count(\.subscriptionsEnded)
        tellEnded(identity, key: key, lastSequence: connection.nextSequence - 1, reason: reason)
    }
}
