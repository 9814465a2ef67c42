import Chain
import Gateway
import Ledger
import Logging
import Primitives
import Storage
import ZeroMQ

/// The block thread: every block interval it produces a block; between blocks it admits
/// queued requests (their signatures already verified by the signature stage) to the pool
/// and replies once each is journaled. After each block, and after each admission round for
/// the mempool counts, it publishes the node's status on the status board, which the intake
/// thread answers status queries from: no client request makes this thread scan or sort.
struct BlockLoop<Store: KeyValueStore>: Sendable {
    /// Requests taken per round from each source, so a flood cannot delay a block by more
    /// than one round and neither door can starve the other: up to 1,024 gateway jobs and
    /// 32 raw intake requests (the raw intake is also held to its total rate). A gateway job
    /// thus waits behind at most one small raw batch (a bad signature is verified again here:
    /// the signature stage's cache keeps passing checks only).
    static func batchMax(_ source: IntakeItem.Source) -> Int {
        switch source {
        case .gateway: 1_024
        case .raw: 32
        }
    }
    /// Longest wait for requests before the clock is read again (a test's clock may jump).
    static var waitSliceMs: UInt64 { 50 }

    var producer: BlockProducer<Store>
    let queue: BoundedQueue<IntakeItem>
    /// The PUSH end of the reply pipe to the intake thread.
    let replies: ZMQSocket
    let clock: any NodeClock
    /// Where the node's status is published for the intake thread.
    let board: StatusBoard
    let intervalMs: UInt64
    let logger: Logger
    /// When the next block is due, by `clock`: one interval after the loop was made, so the
    /// schedule does not depend on when its thread gets to run.
    private var nextBlockMs: UInt64

    init(
        producer: BlockProducer<Store>, queue: BoundedQueue<IntakeItem>, replies: ZMQSocket, board: StatusBoard, clock: any NodeClock,
        intervalMs: UInt64, logger: Logger
    ) {
        self.board = board
        self.producer = producer
        self.queue = queue
        self.replies = replies
        self.clock = clock
        self.intervalMs = intervalMs
        self.logger = logger
        nextBlockMs = clock.nowMs() + intervalMs
    }

    mutating func run(until stop: StopFlag) throws(NodeError) {
        while !stop.isSet {
            let nowMs = clock.nowMs()
            // A wall clock stepped back must not stall the chain; block timestamps still rise.
            nextBlockMs = min(nextBlockMs, nowMs + intervalMs)
            if nowMs >= nextBlockMs {
                _ = try producer.produceBlock(timestampMs: nowMs)
                board.publish(producer.status)
                nextBlockMs = Self.nextSlot(after: nextBlockMs, nowMs: clock.nowMs(), intervalMs: intervalMs)
                continue
            }
            let waitMs = min(nextBlockMs - nowMs, Self.waitSliceMs)
            try handle(queue.take(max: Self.batchMax, waitMs: Int(waitMs)))
        }
    }

    /// The next block time on the schedule; slots already missed (a slow block) are skipped.
    static func nextSlot(after slotMs: UInt64, nowMs: UInt64, intervalMs: UInt64) -> UInt64 {
        let next = slotMs + intervalMs
        return next > nowMs ? next : nowMs + intervalMs
    }

    /// Admits what one round took, source by source (gateway first, so its answers never wait
    /// for the raw intake's batch), each source as one pool batch in arrival order (a group
    /// commit: one synced journal write covers it), then answers each request with its share
    /// of the results.
    func handle(_ items: [IntakeItem]) throws(NodeError) {
        for source in IntakeItem.Source.allCases {
            try admit(items.filter { $0.source == source })
        }
    }

    private func admit(_ items: [IntakeItem]) throws(NodeError) {
        guard !items.isEmpty else { return }
        let results = producer.submit(items.flatMap(\.poolItems))
        var next = results.startIndex
        for item in items {
            let count = item.poolItems.count
            try answer(item, with: results[next..<next + count])
            next += count
        }
        assert(next == results.endIndex, "every result goes to its request")
        board.publish(mempool: NodeStatus.Pool(producer.pool))
    }

    private func answer(_ item: IntakeItem, with results: ArraySlice<Result<Hash256, ChainError>>) throws(NodeError) {
        switch item {
        case let .raw(identity, _):
            switch results.first {
            case let .success(id)?: try reply(to: identity, with: .accepted(id))
            case let .failure(error)?: try reply(to: identity, with: .rejected(IntakeRejection(error)))
            case nil: preconditionFailure("a transaction or cancel request has one result")
            }
        case let .gateway(job):
            job.finish(results.map { $0.mapError { Rejection($0) } }, producer.state)
        }
    }

    private func reply(to identity: [UInt8], with reply: IntakeReply) throws(NodeError) {
        do {
            let message = try ZMQMessage(frames: [identity] + reply.frames)
            if try replies.send(message, .dontWait) == .wouldBlock {
                // The pipe holds more replies than the queue holds requests, so this means the
                // intake thread is gone; the client retries and finds its request pooled.
                logger.warning("reply pipe full; dropped a reply")
            }
        } catch {
            throw .intake(error)
        }
    }
}
