import Logging
import Primitives
import ZeroMQ

/// How federation members hand each other signature shares: each member binds a PUB at its
/// own endpoint and subscribes to every other member's. A message is two frames, the topic
/// `share` and a `FederationShare`'s canonical bytes.
///
/// PUB/SUB drops what a slow, late or absent peer misses, so the exchange promises nothing:
/// the member republishes its shares for pending work every `FederationService.Settings.
/// republishIntervalMs` until the work is done, and a restarted member rebuilds them from its
/// record. Receiving is bounded per call and per message (`FederationShare.encodedBytesMax`,
/// enforced by libzmq before a byte is read); a message that does not decode is counted and
/// dropped, never fatal.
///
/// Not thread-safe (ZeroMQ sockets): one thread uses it.
public final class ShareExchange {
    static let topic: [UInt8] = Array("share".utf8)
    /// Messages libzmq queues per peer before dropping (both ways).
    public static let queuedMessagesMax = 4_096
    /// Peers one member subscribes to at most (a federation has at most 16 keys).
    public static let peersMax = 16

    public let listenEndpoint: String
    public let peerEndpoints: [String]
    private let context: ZMQContext
    private let publisher: ZMQSocket
    private let subscriber: ZMQSocket
    private let limits: ZMQReceiveLimits
    private let logger: Logger
    /// Messages received that did not decode.
    public private(set) var garbageCount = 0
    /// Messages the PUB could not queue (every peer's queue full).
    public private(set) var unsentCount = 0

    /// Binds `listen` and subscribes to `peers` (libzmq connects in the background and
    /// reconnects after a peer restarts).
    public init(listen: String, peers: [String], logger: Logger = Logger(label: "lodestone.peg.shares")) throws(FederationError) {
        guard peers.count <= Self.peersMax else { throw .badConfiguration("\(peers.count) federation peers; at most \(Self.peersMax)") }
        listenEndpoint = listen
        peerEndpoints = peers
        self.logger = logger
        do {
            context = try ZMQContext()
            publisher = try ZMQSocket(context, type: .pub)
            try publisher.setOption(.lingerMs, 0)
            try publisher.setOption(.sendHighWaterMark, Self.queuedMessagesMax)
            try publisher.bind(listen)
            subscriber = try ZMQSocket(context, type: .sub)
            try subscriber.setOption(.lingerMs, 0)
            try subscriber.setOption(.receiveHighWaterMark, Self.queuedMessagesMax)
            try subscriber.setOption(.maxMessageBytes, FederationShare.encodedBytesMax + 64)
            try subscriber.subscribe(Self.topic)
            for peer in peers { try subscriber.connect(peer) }
            limits = try ZMQReceiveLimits(maxFrames: 2, maxTotalBytes: FederationShare.encodedBytesMax + Self.topic.count)
        } catch {
            throw .badConfiguration("share exchange on \(listen): \(error)")
        }
    }

    deinit { close() }

    public func close() {
        publisher.close()
        subscriber.close()
    }

    /// Publishes `share` to every subscribed peer, never waiting.
    public func publish(_ share: FederationShare) {
        do {
            let message = try ZMQMessage(frames: [Self.topic, share.canonicalBytes])
            if try publisher.send(message, .dontWait) == .wouldBlock { unsentCount += 1 }
        } catch {
            unsentCount += 1
            logger.warning("share not published", metadata: ["error": "\(error)"])
        }
    }

    /// Up to `countMax` shares received, waiting at most `timeoutMs` for the first.
    public func receive(timeoutMs: Int, countMax: Int) -> [FederationShare] {
        var shares: [FederationShare] = []
        do {
            if timeoutMs > 0 {
                var poller = ZMQPoller()
                try poller.register(subscriber, for: .readable)
                _ = try poller.poll(timeoutMs: timeoutMs)
            }
            while shares.count < countMax {
                let message: ZMQMessage?
                do { message = try subscriber.receive(limits: limits, .dontWait) } catch
                    where error.kind == .messageTooLarge || error.kind == .tooManyFrames
                {
                    garbageCount += 1
                    continue
                }
                guard let message else { break }
                guard message.frames.count == 2, message.frames[0] == Self.topic,
                    let share = try? FederationShare(canonicalBytes: message.frames[1])
                else {
                    garbageCount += 1
                    continue
                }
                shares.append(share)
            }
        } catch {
            logger.warning("share receive failed", metadata: ["error": "\(error)"])
        }
        return shares
    }
}
