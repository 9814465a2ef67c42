import Chain
import Crypto
import Foundation
import LodestoneWire
import Primitives
import ZeroMQ

/// A client of the order-entry gateway on a DEALER socket: one request at a time, each
/// answered within a timeout; execution reports that arrive meanwhile are kept (bounded) for
/// `nextReport`, and the end of the report subscription in `subscriptionEnded`. Every wait
/// is bounded. Not thread-safe (one ZeroMQ socket).
public final class OrderEntryClient {
    /// Reports kept while waiting for responses; past this the oldest are dropped, which the
    /// sequence numbers then show.
    public static let reportsMax = 65_536

    /// The gateway this client talks to.
    public let endpoint: String
    private let context: ZMQContext
    private let socket: ZMQSocket
    private var reports: [Lodestone_V1_ExecutionReport] = []
    /// Set when the gateway ended this connection's report subscription; no report for its
    /// key follows (subscribe again to resume).
    public private(set) var subscriptionEnded: Lodestone_V1_SubscriptionEnded?
    private static let limits = try! ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: WireLimits.maxServerMessageBytes)

    /// Connects to `endpoint` (in the background: the gateway may start later); with
    /// `curve`, as a CurveZMQ client with its own key pair that trusts `serverKey`.
    public init(endpoint: String, curve: (serverKey: ZMQCurveKey, clientKeys: ZMQCurveKeyPair)? = nil) throws(GatewayError) {
        self.endpoint = endpoint
        do {
            context = try ZMQContext()
            socket = try ZMQSocket(context, type: .dealer)
            try socket.setOption(.lingerMs, 0)
            if let curve {
                try socket.setOption(.curvePublicKey, curve.clientKeys.publicKey)
                try socket.setOption(.curveSecretKey, curve.clientKeys.secretKey)
                try socket.setOption(.curveServerKey, curve.serverKey)
            }
            try socket.connect(endpoint)
        } catch {
            throw GatewayError(.socketFailed, "\(endpoint): \(error)")
        }
    }

    deinit { close() }

    /// Closes the socket; later sends fail with `gateway_socket_failed`.
    public func close() {
        socket.close()
    }

    /// Sends `request` and waits up to `timeoutMs` for its response.
    public func send(_ request: Lodestone_V1_Request, timeoutMs: Int) throws(GatewayError) -> Lodestone_V1_Response {
        let bytes: [UInt8]
        do { bytes = try request.wireBytes() } catch { throw GatewayError(.badReply, "the request is not valid: \(error)") }
        try sendFrames([bytes])
        return try response(timeoutMs: timeoutMs)
    }

    /// Sends raw frames (for tools and tests of what the gateway refuses).
    public func sendFrames(_ frames: [[UInt8]]) throws(GatewayError) {
        do {
            _ = try socket.send(ZMQMessage(frames: frames))
        } catch {
            throw GatewayError(.socketFailed, "send: \(error)")
        }
    }

    /// The next response within `timeoutMs`, keeping reports that come before it.
    public func response(timeoutMs: Int) throws(GatewayError) -> Lodestone_V1_Response {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while let message = try receive(until: deadline) {
            switch message.kind {
            case let .response(response)?: return response
            case let .report(report)?: keep(report)
            case let .subscriptionEnded(ended)?: subscriptionEnded = ended
            case nil: throw GatewayError(.badReply, "a server message without a kind")
            }
        }
        throw GatewayError(.noReply, "no response from \(endpoint) within \(timeoutMs) ms")
    }

    /// The oldest report kept or arriving within `timeoutMs`; nil when none came. Once the
    /// reports before a `SubscriptionEnded` are taken, throws `subscription_ended` with its reason.
    public func nextReport(timeoutMs: Int) throws(GatewayError) -> Lodestone_V1_ExecutionReport? {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while reports.isEmpty, subscriptionEnded == nil, let message = try receive(until: deadline) {
            switch message.kind {
            case let .report(report)?: keep(report)
            case let .subscriptionEnded(ended)?: subscriptionEnded = ended
            default: throw GatewayError(.badReply, "a response with no request outstanding")
            }
        }
        if reports.isEmpty, let ended = subscriptionEnded {
            let reason = "\(ended.reason.name) (\(ended.reason.code)): \(ended.reason.text)"
            throw GatewayError(.subscriptionEnded, "\(reason); last report \(ended.lastSequence)")
        }
        return reports.isEmpty ? nil : reports.removeFirst()
    }

    /// Subscribes this connection to `key`'s execution reports (challenge, then signature).
    public func subscribeReports(key: any SigningKey, config: ChainConfig, timeoutMs: Int) throws(GatewayError) -> Lodestone_V1_Response {
        var step = Lodestone_V1_SubscribeReports()
        step.publicKey = Data(key.publicKey.bytes)
        let challenge = try send(.init(clientOrderID: "subscribe", .subscribeReports(step)), timeoutMs: timeoutMs)
        guard case let .challenge(nonce)? = challenge.result else { return challenge }
        let message = OrderEntryServer.subscribeMessage(
            chainID: config.chainID, challenge: [UInt8](nonce.nonce), key: key.publicKey, suite: config.suite)
        do { step.signature = Data(try config.suite.sign(message.bytes, with: key).bytes) } catch {
            throw GatewayError(.badOrder, "cannot sign the challenge: \(error)")
        }
        step.challenge = nonce.nonce
        return try send(.init(clientOrderID: "subscribe", .subscribeReports(step)), timeoutMs: timeoutMs)
    }

    private func keep(_ report: Lodestone_V1_ExecutionReport) {
        if reports.count >= Self.reportsMax { reports.removeFirst() }
        reports.append(report)
    }

    /// One server message, or nil when `deadline` passes first.
    private func receive(until deadline: ContinuousClock.Instant) throws(GatewayError) -> Lodestone_V1_ServerMessage? {
        do {
            var poller = ZMQPoller()
            try poller.register(socket, for: .readable)
            while true {
                if let message = try socket.receive(limits: Self.limits, .dontWait) {
                    do { return try Lodestone_V1_ServerMessage(wireBytes: message.frames[0]) } catch {
                        throw GatewayError(.badReply, "\(error)")
                    }
                }
                let leftMs = Self.milliseconds(until: deadline)
                guard leftMs > 0 else { return nil }
                _ = try poller.poll(timeoutMs: leftMs)
            }
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError(.socketFailed, "receive: \(error)")
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: deadline).components
        return max(0, Int(left.seconds) * 1_000 + Int(left.attoseconds / 1_000_000_000_000_000))
    }
}

extension Lodestone_V1_Request {
    /// A request with `body`, for clients.
    public init(clientOrderID: String, _ body: Lodestone_V1_Request.OneOf_Body) {
        self.init()
        self.clientOrderID = clientOrderID
        self.body = body
    }
}
