import LodestoneWire
import ZeroMQ

/// The publisher's two sockets, bound: XPUB for feeds (send HWM set on purpose: a slow
/// subscriber loses messages, sees the gap, and re-syncs) and ROUTER for snapshots.
///
/// The XPUB is in manual mode: a subscription takes effect only when the publisher thread
/// applies it (`FeedLoop.applySubscriptions`), and it applies only prefixes of topics the node
/// publishes. Why memory stays bounded: a subscription frame over `maxSubscriptionFrameBytes`
/// disconnects its sender inside libzmq, so no long prefix is ever stored; the
/// matching trie holds only applied prefixes, each at most once per subscriber, and there are
/// few of them (prefixes of the node's own topics); the notices waiting to be read are drained
/// every tick. libzmq 4.3 also records each received prefix per subscriber for manual mode
/// until the subscriber disconnects, so a subscriber sending endless distinct short prefixes
/// still costs up to 64 trie nodes each: bounded per message, counted as
/// `subscriptions_refused`, not bounded in number (libzmq offers no way to drop one XPUB peer).
struct FeedSockets: @unchecked Sendable {
    /// Largest snapshot request frame read: past the wire limit (256 bytes) so an
    /// over-long request still gets a `message_too_large` answer; past this ZeroMQ
    /// disconnects the peer.
    static let maxRequestBytes = 64 << 10
    /// Frames after the ROUTER's identity answered `wrong_frame_count` when more than one
    /// (a REQ's delimiter makes two); past this the wrapper drops the message, counted.
    static let requestFramesAnswered = 8
    static let requestLimits = try! ZMQReceiveLimits(
        maxFrames: 1 + requestFramesAnswered, maxTotalBytes: maxRequestBytes + 1_024)
    /// Largest subscription as the application reads it: the (un)subscribe byte and a prefix.
    static let maxSubscriptionBytes = 1 + WireLimits.maxTopicBytes
    static let subscriptionLimits = try! ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: maxSubscriptionBytes)
    /// Largest subscription frame on the wire (ZMQ_MAXMSGSIZE): ZMTP 3.1 peers send a
    /// `\u{9}SUBSCRIBE` command (10 bytes) before the prefix, older ones 1 byte; a longer frame
    /// disconnects its sender.
    static let maxSubscriptionFrameBytes = 10 + WireLimits.maxTopicBytes

    let pub: ZMQSocket
    let router: ZMQSocket
    /// The guards clients connect through; the sockets listen only for them.
    let feedGuard: ZMTPGuard?
    let snapshotGuard: ZMTPGuard?
    /// Where clients connect, wildcard ports resolved.
    let feedEndpoint: String
    let snapshotEndpoint: String
    /// Subscriptions (and unsubscriptions) one feed connection may send in its life: libzmq
    /// keeps each one a manual-mode XPUB receives until the connection closes, applied or not,
    /// so this is what bounds that memory (about 100 bytes each). A subscriber needs at most
    /// its topics' prefixes: three streams per market and `blocks`.
    static let subscriptionsPerConnectionMax = 1_024

    init(context: ZMQContext, configuration: FeedConfiguration) throws(FeedError) {
        var opened: [ZMQSocket] = []
        do throws(ZMQError) {
            pub = try ZMQSocket(context, type: .xpub)
            opened.append(pub)
            router = try ZMQSocket(context, type: .router)
            opened.append(router)
            try pub.setOption(.sendHighWaterMark, configuration.sendHighWaterMark)
            try pub.setOption(.xpubManual, true)
            try pub.setOption(.maxMessageBytes, Self.maxSubscriptionFrameBytes)
            // Snapshot answers have their own small queue per client, not the feed's.
            try router.setOption(.sendHighWaterMark, configuration.snapshotSendHighWaterMark)
            // A full queue then refuses the part (the client is cut off) instead of dropping it unseen.
            try router.setOption(.routerMandatory, true)
            try router.setOption(.maxMessageBytes, Self.requestLimits.maxTotalBytes)
            let guarded = try Self.guardLimits(connectionsMax: configuration.publicConnectionsMax)
            let feedGuard = try pub.bindGuarded(configuration.feedEndpoint, limits: guarded.feed, name: "feed")
            do throws(ZMQError) {
                snapshotGuard = try router.bindGuarded(configuration.snapshotEndpoint, limits: guarded.snapshot, name: "snapshot")
            } catch {
                feedGuard?.stop()
                throw error
            }
            self.feedGuard = feedGuard
            feedEndpoint = try pub.publicEndpoint(behind: feedGuard)
            snapshotEndpoint = try router.publicEndpoint(behind: snapshotGuard)
        } catch {
            for socket in opened { socket.close() }
            throw .socket(error)
        }
    }

    /// Feed clients send only subscriptions (one frame each); snapshot clients one request
    /// frame, and a few more for a `wrong_frame_count` answer.
    static func guardLimits(connectionsMax: Int) throws(ZMQError) -> (feed: ZMTPGuardLimits, snapshot: ZMTPGuardLimits) {
        do {
            let feed = try ZMTPGuardLimits(
                framesPerMessageMax: 1, messageBytesMax: maxSubscriptionFrameBytes, frameBytesMax: maxSubscriptionFrameBytes,
                connectionsMax: connectionsMax, messagesPerConnectionMax: subscriptionsPerConnectionMax)
            let snapshot = try ZMTPGuardLimits(
                framesPerMessageMax: requestFramesAnswered, messageBytesMax: requestLimits.maxTotalBytes, frameBytesMax: maxRequestBytes,
                connectionsMax: connectionsMax)
            return (feed, snapshot)
        } catch {
            throw ZMQError(.invalidArgument, "feed guards: \(error.message)")
        }
    }

    func close() {
        feedGuard?.stop()
        snapshotGuard?.stop()
        pub.close()
        router.close()
    }
}
