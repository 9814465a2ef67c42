import ZeroMQ

/// The publisher's two sockets, bound: PUB for feeds (send HWM set on purpose: a slow
/// subscriber loses messages, sees the gap, and re-syncs) and ROUTER for snapshots.
struct FeedSockets: @unchecked Sendable {
    /// Largest snapshot request frame read: past the wire limit (256 bytes) so an
    /// over-long request still gets a `message_too_large` answer; past this ZeroMQ
    /// disconnects the peer.
    static let maxRequestBytes = 64 << 10
    /// The ROUTER's identity frame, the request (and one spare for a REQ's delimiter).
    static let requestLimits = try! ZMQReceiveLimits(maxFrames: 3, maxTotalBytes: maxRequestBytes + 1_024)

    let pub: ZMQSocket
    let router: ZMQSocket
    let feedEndpoint: String
    let snapshotEndpoint: String

    init(context: ZMQContext, configuration: FeedConfiguration) throws(FeedError) {
        var opened: [ZMQSocket] = []
        do {
            pub = try ZMQSocket(context, type: .pub)
            opened.append(pub)
            router = try ZMQSocket(context, type: .router)
            opened.append(router)
            try pub.setOption(.sendHighWaterMark, configuration.sendHighWaterMark)
            try router.setOption(.sendHighWaterMark, configuration.sendHighWaterMark)
            try router.setOption(.maxMessageBytes, Self.requestLimits.maxTotalBytes)
            try pub.bind(configuration.feedEndpoint)
            try router.bind(configuration.snapshotEndpoint)
            feedEndpoint = try pub.lastEndpoint
            snapshotEndpoint = try router.lastEndpoint
        } catch {
            for socket in opened { socket.close() }
            throw .socket(error)
        }
    }

    func close() {
        pub.close()
        router.close()
    }
}
