import Ledger
import MainChain
import Primitives
import ZeroMQ

/// A SUB on the main chain's PUB endpoint: one `MainChainBlockNotice` per new best block
/// (frames `"block" | header canonical bytes | u64 LE height`, docs/MAINCHAIN.md).
///
/// Notices are hints, never the truth: PUB drops messages for a slow or late subscriber, so
/// a member wakes on a notice and then asks the RPC (`MainChainClient.best()`, headers). A
/// notice whose header's previous hash is not the subscriber's tip means a reorg or a gap;
/// either way the subscriber re-reads headers through the client.
///
/// Not thread-safe (one ZeroMQ socket): use it from one thread.
public final class MainChainBlockNotifications {
    /// Frames of one notice: topic, header, height.
    static let framesPerNotice = 3
    /// A notice's largest size: the topic, a header and a height, with room to spare.
    public static let noticeBytesMax = 256

    public let endpoint: String
    private let context: ZMQContext
    private let socket: ZMQSocket
    private let limits: ZMQReceiveLimits

    /// Subscribes to `endpoint` (libzmq connects in the background; the main chain may
    /// start later, and notices published before the connection are lost).
    public init(endpoint: String, context: ZMQContext? = nil) throws(MainChainClientError) {
        self.endpoint = endpoint
        do {
            self.context = try context ?? ZMQContext()
            socket = try ZMQSocket(self.context, type: .sub)
            try socket.setOption(.lingerMs, 0)
            try socket.subscribe(MainChainBlockNotice.topic)
            try socket.connect(endpoint)
            limits = try ZMQReceiveLimits(maxFrames: Self.framesPerNotice, maxTotalBytes: Self.noticeBytesMax)
        } catch {
            throw .socketFailed(detail: "SUB to \(endpoint): \(error)")
        }
    }

    deinit { close() }

    public func close() { socket.close() }

    /// The next notice within `timeoutMs` (0 only checks), or nil when none came. A notice
    /// that does not decode fails with `garbage`; the next call reads the next one.
    public func next(timeoutMs: Int) throws(MainChainClientError) -> MainChainBlockNotice? {
        let message: ZMQMessage?
        do {
            var poller = ZMQPoller()
            try poller.register(socket, for: .readable)
            if timeoutMs > 0 { _ = try poller.poll(timeoutMs: timeoutMs) }
            message = try socket.receive(limits: limits, .dontWait)
        } catch  where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
            throw .garbage(detail: "block notice: \(error)")
        } catch {
            throw .socketFailed(detail: "SUB receive: \(error)")
        }
        guard let message else { return nil }
        return try Self.decode(message.frames)
    }

    /// Decodes a notice's frames (the format is `MainChainBlockNotice`'s).
    static func decode(_ frames: [[UInt8]]) throws(MainChainClientError) -> MainChainBlockNotice {
        guard let notice = MainChainBlockNotice(frames: frames), notice.header.height == notice.height else {
            throw .garbage(detail: "a block notice that does not decode (\(frames.count) frames)")
        }
        return notice
    }
}
