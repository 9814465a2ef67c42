import Chain
import Gateway
import Ledger
import Logging
import Primitives
import Storage
import ZeroMQ

/// The block thread: every block interval it produces a block; between blocks it admits
/// queued intake requests to the pool and replies once each is journaled.
struct BlockLoop<Store: KeyValueStore>: Sendable {
    /// Requests taken from the queue per round, so a flood cannot delay a block by more
    /// than one round.
    static var batchMax: Int { 1_024 }
    /// Longest wait for requests before the clock is read again (a test's clock may jump).
    static var waitSliceMs: UInt64 { 50 }

    var producer: BlockProducer<Store>
    let queue: BoundedQueue<IntakeItem>
    /// The PUSH end of the reply pipe to the intake thread.
    let replies: ZMQSocket
    let clock: any NodeClock
    let intervalMs: UInt64
    let logger: Logger
    /// When the next block is due, by `clock`: one interval after the loop was made, so the
    /// schedule does not depend on when its thread gets to run.
    private var nextBlockMs: UInt64

    init(producer: BlockProducer<Store>, queue: BoundedQueue<IntakeItem>, replies: ZMQSocket, clock: any NodeClock, intervalMs: UInt64, logger: Logger) {
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

    /// Admits requests in arrival order; consecutive transactions go to the pool as one
    /// batch, so their signatures are checked in parallel.
    func handle(_ items: [IntakeItem]) throws(NodeError) {
        var index = 0
        while index < items.count {
            switch items[index] {
            case .raw(_, .transaction):
                index = try admitTransactions(items, from: index)
            case let .raw(identity, .cancel(cancel)):
                try reply(to: identity, with: admit(cancel))
                index += 1
            case let .raw(identity, .status):
                try reply(to: identity, with: .status(producer.status))
                index += 1
            case let .gateway(job):
                admit(job)
                index += 1
            }
        }
    }

    /// Admits the run of transactions that starts at `start`; returns the index after it.
    private func admitTransactions(_ items: [IntakeItem], from start: Int) throws(NodeError) -> Int {
        var run = [(identity: [UInt8], transaction: Transaction)]()
        for item in items[start...] {
            guard case let .raw(identity, .transaction(transaction)) = item else { break }
            run.append((identity, transaction))
        }
        for (entry, result) in zip(run, producer.submit(run.map(\.transaction))) {
            switch result {
            case let .success(id): try reply(to: entry.identity, with: .accepted(id))
            case let .failure(error): try reply(to: entry.identity, with: .rejected(IntakeRejection(error)))
            }
        }
        return start + run.count
    }

    private func admit(_ cancel: CancelRequest) -> IntakeReply {
        do {
            try producer.submit(cancel)
            return .accepted(cancel.orderID)
        } catch {
            return .rejected(IntakeRejection(error))
        }
    }

    /// Admits a gateway job's items in order (runs of transactions as one pool batch, as
    /// above), then hands the results to the gateway.
    private func admit(_ job: PoolJob) {
        var results = [PoolResult]()
        var run = [Transaction]()
        func flush() {
            results += producer.submit(run).map { $0.mapError { Rejection($0) } }
            run.removeAll()
        }
        for item in job.items {
            switch item {
            case let .transaction(transaction):
                run.append(transaction)
            case let .cancel(cancel):
                flush()
                do throws(ChainError) {
                    try producer.submit(cancel)
                    results.append(.success(cancel.orderID))
                } catch {
                    results.append(.failure(Rejection(error)))
                }
            }
        }
        if !run.isEmpty { flush() }
        assert(results.count == job.items.count, "one result per item")
        job.finish(results, producer.state)
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
