import Foundation
import Primitives
import Synchronization
import ZeroMQ

/// The node's ZeroMQ face: a ROUTER socket answering `MainChainRequest`s (one response per
/// request, to the sending peer), and a PUB socket sending a `MainChainBlockNotice` for every
/// new best block. `run()` serves on the calling thread until `stop()`.
///
/// A request frame is the last frame of the message (a DEALER sends just it; a REQ adds an
/// empty delimiter, which is echoed back). Garbage gets an error response with its code;
/// a message past `receiveBytesMax` is dropped unread by the socket.
public final class MainChainServer: Sendable {
    /// Messages larger than this are dropped by the receive (a smaller oversize request gets
    /// a `main_request_too_large` answer).
    public static let receiveBytesMax = 2 * MainChainRequest.bytesMax
    /// Routing envelope frames kept (ROUTER identity, REQ delimiter) plus the request.
    public static let framesMax = 4
    /// How long a poll waits before looking at the stop flag.
    public static let pollMs = 100
    /// Notices queued per subscriber before the PUB drops.
    public static let publishHighWaterMark = 10_000

    public let node: MainChainNode
    private let router: Mutex<ZMQSocket>
    private let publisher: Mutex<ZMQSocket>
    private let stopped = Atomic<Bool>(false)
    /// Signalled when the thread `start` made has left `run()`.
    private let finished = DispatchSemaphore(value: 0)
    public let rpcEndpoint: String
    public let pubEndpoint: String

    /// Binds both sockets (`tcp://127.0.0.1:*` picks a free port; the endpoints say which).
    public init(node: MainChainNode, context: ZMQContext, rpc: String, pub: String) throws(MainChainError) {
        self.node = node
        do {
            let router = try ZMQSocket(context, type: .router)
            try router.setOption(.lingerMs, 0)
            try router.bind(rpc)
            let publisher = try ZMQSocket(context, type: .pub)
            try publisher.setOption(.lingerMs, 0)
            try publisher.setOption(.sendHighWaterMark, Self.publishHighWaterMark)
            try publisher.bind(pub)
            rpcEndpoint = try router.lastEndpoint
            pubEndpoint = try publisher.lastEndpoint
            self.router = Mutex(router)
            self.publisher = Mutex(publisher)
        } catch {
            throw .transport(error.description)
        }
        node.onNewBest { [weak self] header, height in self?.publish(MainChainBlockNotice(header: header, height: height)) }
    }

    /// Sends a notice (never blocks: a slow subscriber loses notices, and catches up with
    /// header_range when the next one does not follow its tip).
    public func publish(_ notice: MainChainBlockNotice) {
        publisher.withLock { socket in
            guard let message = try? ZMQMessage(frames: notice.frames) else { return }
            _ = try? socket.send(message, .dontWait)
        }
    }

    /// Answers requests until `stop()`; returns the number answered.
    @discardableResult
    public func run() throws(MainChainError) -> UInt64 {
        var answered: UInt64 = 0
        do {
            let limits = try ZMQReceiveLimits(maxFrames: Self.framesMax, maxTotalBytes: Self.receiveBytesMax)
            while !stopped.load(ordering: .relaxed) {
                try router.withLock { (socket: inout ZMQSocket) throws(ZMQError) in
                    var poller = ZMQPoller()
                    try poller.register(socket, for: .readable)
                    guard try poller.poll(timeoutMs: Self.pollMs).first?.contains(.readable) == true else { return }
                    while let message = try? socket.receive(limits: limits, .dontWait) {
                        guard message.frames.count >= 2, let frame = message.frames.last else { continue }
                        let response = node.answer(frame: frame)
                        let reply = try ZMQMessage(frames: Array(message.frames.dropLast()) + [response.canonicalBytes])
                        _ = try socket.send(reply, .dontWait)
                        answered += 1
                    }
                }
            }
        } catch {
            throw .transport(error.description)
        }
        return answered
    }

    /// Makes `run()` return within `pollMs`.
    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// Serves on a thread of its own; `failed` hears why `run()` ended, if it failed. End it
    /// with `stopAndClose()`.
    public func start(failed: @escaping @Sendable (MainChainError) -> Void = { _ in }) {
        Thread.detachNewThread { [self] in
            do throws(MainChainError) { try run() } catch { failed(error) }
            finished.signal()
        }
    }

    /// Stops the thread `start` made, waits until it has left `run()`, then closes the sockets.
    public func stopAndClose() {
        stop()
        finished.wait()
        close()
    }

    public func close() {
        router.withLock { $0.close() }
        publisher.withLock { $0.close() }
    }
}
