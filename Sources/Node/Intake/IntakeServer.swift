import Chain
import Logging
import ZeroMQ

/// The intake thread: reads client requests off the ROUTER, holds each client and the intake
/// as a whole to their rates, answers status queries itself from the block thread's latest
/// published status, and queues transactions and cancels for the signature stage (or refuses
/// them at once: over a rate, malformed, or the stage's intake lane is full); and forwards
/// the block thread's replies to their clients.
///
/// Nothing here waits for the block thread: a status query is answered even while a block
/// is being built or the pool is slow.
struct IntakeServer: Sendable {
    /// How soon the thread notices a stop.
    static let pollMs = 50
    /// Messages handled from one socket before looking at the other, so neither starves.
    static let burstMax = 1_024

    let sockets: IntakeSockets
    let stage: SignatureStage
    /// The status the block thread published last.
    let board: StatusBoard
    let counters: IntakeCounters
    let clientRate: IntakeLimiter.Rate
    let totalRate: IntakeLimiter.Rate
    let clock: any NodeClock
    /// The chain: a transaction is checked here, at the edge, once.
    let config: ChainConfig
    /// The node's queues and counters, added to each status reply.
    let traffic: @Sendable () -> NodeStatus.Traffic
    let logger: Logger

    func run(until stop: StopFlag) throws(ZMQError) {
        var limiter = IntakeLimiter(client: clientRate, total: totalRate, nowMs: clock.nowMs())
        var poller = ZMQPoller()
        try poller.register(sockets.router, for: .readable)
        try poller.register(sockets.replyPull, for: .readable)
        while !stop.isSet {
            let ready = try poller.poll(timeoutMs: Self.pollMs)
            if ready[0].contains(.readable) { try receiveRequests(&limiter) }
            if ready[1].contains(.readable) { try forwardReplies() }
        }
    }

    private func receiveRequests(_ limiter: inout IntakeLimiter) throws(ZMQError) {
        for _ in 0..<Self.burstMax {
            let message: ZMQMessage?
            do {
                message = try sockets.router.receive(limits: sockets.requestLimits, .dontWait)
            } catch  where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // Already drained by the wrapper; with its frames gone there is no one to answer.
                counters.count(\.unreadable)
                logger.warning("intake dropped a message: \(error)")
                continue
            }
            guard let message else { return }
            if let reply = answer(message, &limiter) { try send(ZMQMessage(frames: [message.frames[0]] + reply.frames)) }
        }
    }

    /// The immediate answer to a message: a status, or a refusal; nil once the request is
    /// queued (the block thread answers it after the pool journaled it).
    private func answer(_ message: ZMQMessage, _ limiter: inout IntakeLimiter) -> IntakeReply? {
        let identity = message.frames[0]
        let rejection: IntakeRejection
        do throws(IntakeRejection) {
            let frames = message.frames.dropFirst()
            // The type byte alone decides which budgets apply, before the payload is decoded.
            let isStatus = frames.first == [IntakeRequest.Kind.status.rawValue]
            try admit(identity, reachesBlockThread: !isStatus, &limiter)
            let request = try decode(frames)
            guard let item = request.poolItem(payload: IntakeRequest.payload(of: frames), config: config) else {
                counters.count(\.statusAnswered)
                return .status(board.status(traffic: traffic()))
            }
            if stage.offer(.raw(identity: identity, item: item)) { return nil }
            counters.count(\.busy)
            rejection = IntakeRejection(NodeError.intakeBusy(capacity: stage.capacity))
        } catch {
            rejection = error
        }
        logger.debug("intake refused a request: \(rejection)")
        return .rejected(rejection)
    }

    private func admit(_ identity: [UInt8], reachesBlockThread: Bool, _ limiter: inout IntakeLimiter) throws(IntakeRejection) {
        do {
            try limiter.admit(identity, reachesBlockThread: reachesBlockThread, nowMs: clock.nowMs())
        } catch {
            switch error {
            case .client:
                counters.count(\.rateLimited)
                throw IntakeRejection(
                    NodeError.intakeRateLimited(reason: "over \(clientRate.perSecond) requests per second for this client"))
            case .total:
                counters.count(\.totalRateLimited)
                throw IntakeRejection(
                    NodeError.intakeRateLimited(reason: "the intake is over its total \(totalRate.perSecond) requests per second"))
            }
        }
    }

    private func decode(_ frames: ArraySlice<[UInt8]>) throws(IntakeRejection) -> IntakeRequest {
        do {
            return try IntakeRequest.decode(frames)
        } catch {
            counters.count(\.malformed)
            throw error
        }
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
        do {
            guard try sockets.router.send(message, .dontWait) == .wouldBlock else { return }
            logger.debug("intake dropped a reply: the client is not reading")
        } catch  where error.kind == .peerUnreachable {
            logger.debug("intake dropped a reply: the client is gone")
        }
        counters.count(\.repliesDropped)
    }
}
