import Chain
import Ledger
import Primitives
import ZeroMQ

/// A client of a node's raw intake: one request at a time on a DEALER socket, each answered
/// within a timeout. After a timeout the socket is replaced, so a late reply to an old
/// request can never be taken for the answer to a new one.
///
/// Not thread-safe (one ZeroMQ socket); use one client per thread.
public final class IntakeClient {
    public let endpoint: String
    private let context: ZMQContext
    private var socket: ZMQSocket
    private static let replyLimits = try! ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: IntakeSockets.replyBytesMax)

    /// Connects to `endpoint` (libzmq connects in the background; a node may start later).
    public init(endpoint: String) throws(NodeError) {
        self.endpoint = endpoint
        do {
            context = try ZMQContext()
            socket = try Self.connect(context, endpoint)
        } catch {
            throw .intake(error)
        }
    }

    /// Sends `request` and waits up to `timeoutMs` for its reply.
    public func send(_ request: IntakeRequest, timeoutMs: Int) throws(NodeError) -> IntakeReply {
        guard let frames = try exchange(request.frames, timeoutMs: timeoutMs) else {
            throw .intakeNoReply(endpoint: endpoint, timeoutMs: timeoutMs)
        }
        return try IntakeReply.decode(frames, for: request.kind)
    }

    /// The reply's frames, or nil (with a fresh socket) when none came in time.
    private func exchange(_ frames: [[UInt8]], timeoutMs: Int) throws(NodeError) -> [[UInt8]]? {
        do {
            try socket.send(ZMQMessage(frames: frames))
            var poller = ZMQPoller()
            try poller.register(socket, for: .readable)
            if try poller.poll(timeoutMs: timeoutMs)[0].contains(.readable),
               let reply = try socket.receive(limits: Self.replyLimits, .dontWait) {
                return reply.frames
            }
            socket.close()
            socket = try Self.connect(context, endpoint)
            return nil
        } catch {
            throw .intake(error)
        }
    }

    /// Submits a transaction; its ID when accepted.
    public func submit(_ transaction: Transaction, timeoutMs: Int) throws(NodeError) -> IntakeReply {
        try send(.transaction(transaction), timeoutMs: timeoutMs)
    }

    /// The node's status.
    public func status(timeoutMs: Int) throws(NodeError) -> NodeStatus {
        switch try send(.status, timeoutMs: timeoutMs) {
        case let .status(status): return status
        case let .rejected(rejection): throw .intakeBadReply(reason: "status refused: \(rejection.code) \(rejection.name)")
        case let other: throw .intakeBadReply(reason: "expected a status, got \(other)")
        }
    }

    public func close() { socket.close() }

    private static func connect(_ context: ZMQContext, _ endpoint: String) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context, type: .dealer)
        try socket.connect(endpoint)
        return socket
    }
}
