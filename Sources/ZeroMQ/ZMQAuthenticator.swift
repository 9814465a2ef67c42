import Synchronization

/// The ZeroMQ authentication (ZAP, RFC 27) handler of one context: libzmq asks it about every
/// handshake on the context's sockets that set a ZAP domain (`.zapDomain`), and it admits only
/// CURVE client keys on its allow-list, giving each admitted connection the user ID the list
/// names for that key. A receiver reads that ID back with `receiveAuthenticated`: the
/// sender's identity as the handshake proved it, never as a message claims it.
///
/// Bind it before any socket of the context accepts connections (a context without a handler
/// admits everyone). Poll `socket` for readable with the served socket and call `answerAll()`
/// on that thread: the socket is not thread-safe.
public final class ZMQAuthenticator: Sendable {
    /// Where libzmq looks for the handler, per context.
    public static let endpoint = "inproc://zeromq.zap.01"
    /// A request: ROUTER identity, empty delimiter, version, request ID, domain, address,
    /// routing ID, mechanism, and one credential (the CURVE client key).
    static let requestFrames = 9
    /// Most requests answered per `answerAll`, so a storm of handshakes cannot hold the thread.
    public static let answersPerCallMax = 256
    static let limits: ZMQReceiveLimits = {
        guard let limits = try? ZMQReceiveLimits(maxFrames: requestFrames + 1, maxTotalBytes: 4_096) else {
            preconditionFailure("constant limits are valid")
        }
        return limits
    }()

    /// The handler's ROUTER on `endpoint`; poll it for readable.
    public let socket: ZMQSocket
    /// Admitted CURVE client keys and the user ID each connection gets.
    public let allowed: [ZMQCurveKey: String]
    private let admittedCount = Atomic<Int>(0)
    private let refusedCount = Atomic<Int>(0)

    /// Binds the handler of `context`. Fails with `bind_failed` when the context has one already.
    public init(context: ZMQContext, allowed: [ZMQCurveKey: String]) throws(ZMQError) {
        socket = try ZMQSocket(context, type: .router)
        try socket.setOption(.lingerMs, 0)
        try socket.bind(Self.endpoint)
        self.allowed = allowed
    }

    /// Handshakes admitted so far.
    public var admitted: Int { admittedCount.load(ordering: .relaxed) }
    /// Handshakes refused so far (key not allowed, not CURVE, malformed request).
    public var refused: Int { refusedCount.load(ordering: .relaxed) }

    /// Answers the waiting requests, up to `answersPerCallMax`: 200 with the key's user ID for
    /// an allow-listed CURVE key, 400 otherwise.
    public func answerAll() throws(ZMQError) {
        for _ in 0..<Self.answersPerCallMax {
            let request: ZMQMessage?
            do { request = try socket.receive(limits: Self.limits, .dontWait) } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                refusedCount.add(1, ordering: .relaxed)
                continue
            }
            guard let frames = request?.frames else { return }
            // Without the envelope and the request ID there is nothing to answer to.
            guard frames.count == Self.requestFrames, frames[2] == Array("1.0".utf8) else {
                refusedCount.add(1, ordering: .relaxed)
                continue
            }
            let userID = frames[7] == Array("CURVE".utf8) ? (try? ZMQCurveKey(bytes: frames[8])).flatMap { allowed[$0] } : nil
            let status = userID == nil ? ("400", "client key not allowed") : ("200", "OK")
            if userID == nil { refusedCount.add(1, ordering: .relaxed) } else { admittedCount.add(1, ordering: .relaxed) }
            let reply = [frames[0], [], Array("1.0".utf8), frames[3], Array(status.0.utf8), Array(status.1.utf8), Array((userID ?? "").utf8), []]
            _ = try socket.send(ZMQMessage(frames: reply), .dontWait)
        }
    }

    /// Closes the handler's socket.
    public func close() { socket.close() }
}
