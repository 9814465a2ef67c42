import ZeroMQ

/// The ZeroMQ authentication (ZAP, RFC 27) handler of the gateway's context: libzmq asks it
/// about every CURVE handshake, and it admits only allow-listed client keys. It runs on the
/// gateway thread, polled with the order-entry socket.
struct ZAPHandler: Sendable {
    /// Where libzmq looks for the handler, per context.
    static let endpoint = "inproc://zeromq.zap.01"
    /// A request: ROUTER identity, empty delimiter, version, request ID, domain, address,
    /// routing ID, mechanism, and one credential (the CURVE client key).
    static let requestFrames = 9
    static let limits = try! ZMQReceiveLimits(maxFrames: requestFrames + 1, maxTotalBytes: 4_096)

    let socket: ZMQSocket
    let allowed: Set<ZMQCurveKey>

    init(context: ZMQContext, allowed: Set<ZMQCurveKey>) throws(ZMQError) {
        socket = try ZMQSocket(context, type: .router)
        try socket.setOption(.lingerMs, 0)
        try socket.bind(Self.endpoint)
        self.allowed = allowed
    }

    /// Answers every waiting request: 200 for an allow-listed CURVE key, 400 otherwise.
    func answerAll() throws(ZMQError) {
        while let request = try socket.receive(limits: Self.limits, .dontWait) {
            let frames = request.frames
            guard frames.count == Self.requestFrames, frames[2] == Array("1.0".utf8) else { continue }
            let admitted = frames[7] == Array("CURVE".utf8) && (try? ZMQCurveKey(bytes: frames[8])).map(allowed.contains) == true
            let status = admitted ? ("200", "OK") : ("400", "client key not allowed")
            let reply = [frames[0], [], Array("1.0".utf8), frames[3], Array(status.0.utf8), Array(status.1.utf8), [], []]
            _ = try socket.send(ZMQMessage(frames: reply), .dontWait)
        }
    }

    func close() { socket.close() }
}
