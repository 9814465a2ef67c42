import Logging
import ZeroMQ

/// The intake thread: reads client requests off the ROUTER, decodes them, and queues them
/// for the block thread (or refuses them at once: malformed, or the queue is full); and
/// forwards the block thread's replies to their clients.
struct IntakeServer: Sendable {
    /// How soon the thread notices a stop.
    static let pollMs = 50
    /// Messages handled from one socket before looking at the other, so neither starves.
    static let burstMax = 1_024

    let sockets: IntakeSockets
    let queue: BoundedQueue<IntakeItem>
    let logger: Logger

    func run(until stop: StopFlag) throws(ZMQError) {
        var poller = ZMQPoller()
        try poller.register(sockets.router, for: .readable)
        try poller.register(sockets.replyPull, for: .readable)
        while !stop.isSet {
            let ready = try poller.poll(timeoutMs: Self.pollMs)
            if ready[0].contains(.readable) { try receiveRequests() }
            if ready[1].contains(.readable) { try forwardReplies() }
        }
    }

    private func receiveRequests() throws(ZMQError) {
        for _ in 0..<Self.burstMax {
            let message: ZMQMessage?
            do {
                message = try sockets.router.receive(limits: sockets.requestLimits, .dontWait)
            } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // Already drained by the wrapper; with its frames gone there is no one to answer.
                logger.warning("intake dropped a message: \(error)")
                continue
            }
            guard let message else { return }
            try handle(message)
        }
    }

    private func handle(_ message: ZMQMessage) throws(ZMQError) {
        let identity = message.frames[0]
        let rejection: IntakeRejection
        do {
            let request = try IntakeRequest.decode(message.frames.dropFirst())
            if queue.offer(.raw(identity: identity, request: request)) { return }
            rejection = IntakeRejection(NodeError.intakeBusy(capacity: queue.capacity))
        } catch {
            rejection = error
        }
        logger.debug("intake refused a request: \(rejection)")
        try send(ZMQMessage(frames: [identity] + IntakeReply.rejected(rejection).frames))
    }

    private func forwardReplies() throws(ZMQError) {
        for _ in 0..<Self.burstMax {
            guard let reply = try sockets.replyPull.receive(limits: sockets.replyLimits, .dontWait) else { return }
            try send(reply)
        }
    }

    /// Sends without waiting: a client that stopped reading loses its reply, not the node
    /// its progress. A ROUTER drops replies to clients that are gone.
    private func send(_ message: ZMQMessage) throws(ZMQError) {
        if try sockets.router.send(message, .dontWait) == .wouldBlock {
            logger.debug("intake dropped a reply: the client is not reading")
        }
    }
}
