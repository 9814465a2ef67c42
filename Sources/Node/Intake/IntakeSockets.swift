import ZeroMQ

/// The intake's ZeroMQ sockets, made and wired on one thread before the node's threads
/// start: the public ROUTER and an inproc PULL that the intake thread owns, and the inproc
/// PUSH on which the block thread sends its replies (sockets are single-threaded).
struct IntakeSockets: Sendable {
    /// Where the block thread's replies travel to the intake thread.
    static let replyEndpoint = "inproc://lodestone-intake-replies"
    /// Most frames a client message may have: identity, type, payload, and one extra so a
    /// message with too many frames still gets a reject reply.
    static let requestFramesMax = 4
    /// Replies queued for one client that does not read; past this its replies are dropped
    /// (counted) instead of growing the node.
    static let clientRepliesMax = 1_024
    /// Largest reply (a status JSON of every market fits many times over).
    static let replyBytesMax = 1 << 20

    let router: ZMQSocket
    let replyPull: ZMQSocket
    let replyPush: ZMQSocket
    /// The guard clients connect to; the ROUTER itself listens only for it (nil for inproc).
    let publicGuard: ZMTPGuard?
    /// Where clients connect (the guard's endpoint), with a wildcard port resolved.
    let endpoint: String
    let requestLimits: ZMQReceiveLimits
    let replyLimits: ZMQReceiveLimits

    /// Binds the ROUTER on `endpoint` and wires the reply pipe. Queues hold `queueCapacity`
    /// messages each way, so the block thread's replies (at most one per queued request)
    /// always fit.
    init(context: ZMQContext, endpoint: String, maxMessageBytes: Int, queueCapacity: Int, connectionsMax: Int) throws(ZMQError) {
        let highWaterMark = min(queueCapacity + 1_024, ZMQLimits.maxHighWaterMark)
        router = try ZMQSocket(context, type: .router)
        try router.setOption(.maxMessageBytes, maxMessageBytes)
        try router.setOption(.receiveHighWaterMark, highWaterMark)
        try router.setOption(.sendHighWaterMark, Self.clientRepliesMax)
        // A full queue, or a client that left, then refuses the send (counted) instead of
        // dropping the reply unseen.
        try router.setOption(.routerMandatory, true)
        publicGuard = try router.bindGuarded(endpoint, limits: Self.guardLimits(maxMessageBytes: maxMessageBytes, connectionsMax: connectionsMax), name: "intake")
        self.endpoint = try router.publicEndpoint(behind: publicGuard)
        replyPull = try ZMQSocket(context, type: .pull)
        try replyPull.setOption(.receiveHighWaterMark, highWaterMark)
        try replyPull.bind(Self.replyEndpoint)
        replyPush = try ZMQSocket(context, type: .push)
        try replyPush.setOption(.sendHighWaterMark, highWaterMark)
        try replyPush.connect(Self.replyEndpoint)
        // Identity (≤ 255 bytes) and type byte on top of the payload.
        requestLimits = try ZMQReceiveLimits(maxFrames: Self.requestFramesMax, maxTotalBytes: maxMessageBytes + 256 + 1)
        replyLimits = try ZMQReceiveLimits(maxFrames: Self.requestFramesMax, maxTotalBytes: Self.replyBytesMax)
    }

    /// What a raw-intake client may send in one message: the frames the intake reads (type and
    /// payload, and one more so a wrong count is answered), at most a payload and its type
    /// byte; more disconnects it before the ROUTER buffers anything.
    static func guardLimits(maxMessageBytes: Int, connectionsMax: Int) throws(ZMQError) -> ZMTPGuardLimits {
        do {
            return try ZMTPGuardLimits(
                framesPerMessageMax: requestFramesMax - 1, messageBytesMax: maxMessageBytes + 1, frameBytesMax: maxMessageBytes,
                connectionsMax: connectionsMax)
        } catch {
            throw ZMQError(.invalidArgument, "intake guard: \(error.message)")
        }
    }

    func close() {
        publicGuard?.stop()
        for socket in [router, replyPull, replyPush] { socket.close() }
    }
}
