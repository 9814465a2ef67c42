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
    /// Largest reply (a status JSON of every market fits many times over).
    static let replyBytesMax = 1 << 20

    let router: ZMQSocket
    let replyPull: ZMQSocket
    let replyPush: ZMQSocket
    /// The ROUTER's endpoint, with a wildcard port resolved.
    let endpoint: String
    let requestLimits: ZMQReceiveLimits
    let replyLimits: ZMQReceiveLimits

    /// Binds the ROUTER on `endpoint` and wires the reply pipe. Queues hold `queueCapacity`
    /// messages each way, so the block thread's replies (at most one per queued request)
    /// always fit.
    init(context: ZMQContext, endpoint: String, maxMessageBytes: Int, queueCapacity: Int) throws(ZMQError) {
        let highWaterMark = min(queueCapacity + 1_024, ZMQLimits.maxHighWaterMark)
        router = try ZMQSocket(context, type: .router)
        try router.setOption(.maxMessageBytes, maxMessageBytes)
        try router.setOption(.receiveHighWaterMark, highWaterMark)
        try router.setOption(.sendHighWaterMark, highWaterMark)
        try router.bind(endpoint)
        self.endpoint = try router.lastEndpoint
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

    func close() {
        for socket in [router, replyPull, replyPush] { socket.close() }
    }
}
