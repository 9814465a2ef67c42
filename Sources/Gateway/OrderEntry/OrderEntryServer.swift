import Chain
import Crypto
import Foundation
import Logging
import LodestoneWire
import ZeroMQ

/// The order-entry ROUTER (docs/PROTOCOL.md §8.2, §8.3): reads requests, checks them, hands
/// pool work to the node's block thread, and sends responses and execution reports.
///
/// Everything here runs on the gateway thread (`run`), except `init`, which binds the socket
/// before that thread starts. Nothing waits on a client: every send is `dontWait`, and a
/// client whose outbox stays full is cut off.
public final class OrderEntryServer: @unchecked Sendable {
    /// How soon the thread notices a stop, replies and reports.
    static let pollMs = 5
    /// Messages read in one go before replies and reports get their turn.
    static let burstMax = 256

    /// Where the ROUTER listens, with a wildcard port resolved.
    public let endpoint: String
    public let counters = GatewayCounters()
    let settings: OrderEntrySettings
    let config: ChainConfig
    let submit: PoolJobSubmitter
    /// Execution reports; a node feeds it every committed block.
    public let reports: ReportSink
    let nowMs: @Sendable () -> UInt64
    let logger: Logger
    let router: ZMQSocket
    let receiveLimits: ZMQReceiveLimits
    /// Present with CurveZMQ: admits allow-listed client keys.
    let zap: ZAPHandler?
    /// Answers from the block thread: (identity, message).
    let replies: Mailbox<([UInt8], Lodestone_V1_ServerMessage)>
    var connections: [[UInt8]: Connection] = [:]
    var subscribers: [PublicKey: Set<[UInt8]>] = [:]
    var inFlight = 0

    /// Binds the ROUTER on `settings.endpoint`.
    public init(
        settings: OrderEntrySettings, config: ChainConfig, context: ZMQContext, submit: @escaping PoolJobSubmitter,
        reports: ReportSink, nowMs: @escaping @Sendable () -> UInt64, logger: Logger
    ) throws(GatewayError) {
        try settings.check()
        self.settings = settings
        self.config = config
        self.submit = submit
        self.reports = reports
        self.nowMs = nowMs
        self.logger = logger
        replies = Mailbox(capacity: settings.maxInFlight)
        do {
            zap = try settings.curve.map { curve throws(ZMQError) in try ZAPHandler(context: context, allowed: curve.allowedClients) }
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
            try router.bind(settings.endpoint)
            endpoint = try router.lastEndpoint
            // Identity, the request, and one more frame so a wrong frame count is answered.
            receiveLimits = try ZMQReceiveLimits(maxFrames: 3, maxTotalBytes: WireLimits.maxRequestBytes + 256)
        } catch {
            throw GatewayError(.badSetting, "cannot listen on \(settings.endpoint): \(error)")
        }
    }

    /// Serves until `shouldStop` returns true, then closes the socket.
    public func run(until shouldStop: @Sendable () -> Bool) throws(ZMQError) {
        defer {
            router.close()
            zap?.close()
        }
        var poller = ZMQPoller()
        try poller.register(router, for: .readable)
        if let zap { try poller.register(zap.socket, for: .readable) }
        while !shouldStop() {
            let ready = try poller.poll(timeoutMs: Self.pollMs)
            if ready.count > 1, ready[1].contains(.readable) { try zap?.answerAll() }
            if ready[0].contains(.readable) { try receiveRequests() }
            sendReplies()
            sendReports()
        }
    }

    private func receiveRequests() throws(ZMQError) {
        for _ in 0..<Self.burstMax {
            let message: ZMQMessage?
            do {
                message = try router.receive(limits: receiveLimits, .dontWait)
            } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // The wrapper drained it; past the frame limit there may be no identity to answer.
                counters.count(\.unreadable)
                continue
            }
            guard let message else { return }
            handle(identity: message.frames[0], frames: Array(message.frames.dropFirst()))
        }
    }

    private func sendReplies() {
        for (identity, message) in replies.drain() {
            inFlight -= 1
            send(message, to: identity)
        }
        assert(inFlight >= 0, "every reply answers one job in flight")
    }

    /// Sends without waiting; a client that does not read loses the message (counted), and
    /// after `cutoffDrops` in a row is cut off.
    func send(_ message: Lodestone_V1_ServerMessage, to identity: [UInt8]) {
        let bytes: [UInt8]
        do { bytes = try message.wireBytes() } catch {
            // Every message is built within the wire's limits; one that is not is a bug, logged.
            assertionFailure("the gateway built an invalid message: \(error)")
            logger.error("gateway built an invalid message: \(error)")
            return
        }
        let outcome: ZMQSendOutcome
        do {
            outcome = try router.send(ZMQMessage(frames: [identity, bytes]), .dontWait)
        } catch {
            // The client is gone (ROUTER_MANDATORY: host unreachable).
            logger.debug("gateway could not send: \(error)")
            outcome = .wouldBlock
        }
        guard outcome == .wouldBlock else {
            connections[identity]?.consecutiveDrops = 0
            return
        }
        counters.count(\.droppedMessages)
        guard var connection = connections[identity] else { return }
        connection.consecutiveDrops += 1
        connections[identity] = connection
        if connection.consecutiveDrops >= settings.cutoffDrops { cutOff(identity) }
    }

    /// Forgets a client that stopped reading: no more reports go to it.
    func cutOff(_ identity: [UInt8]) {
        guard let connection = connections.removeValue(forKey: identity) else { return }
        if let key = connection.subscribedKey { unsubscribe(identity, from: key) }
        counters.count(\.cutOffClients)
        logger.warning("gateway cut off a client that was not reading")
    }
}
