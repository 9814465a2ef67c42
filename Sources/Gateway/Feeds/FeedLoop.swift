import Logging
import LodestoneWire
import ZeroMQ

/// The publisher thread's work: apply feed subscriptions, publish queued blocks, answer
/// snapshot requests, send heartbeats for quiet topics. It alone touches the sockets and the
/// `FeedState`.
struct FeedLoop: @unchecked Sendable {
    /// Longest wait for a snapshot request before checking the queue again: bounds how
    /// late a block is published after it is handed over.
    static let tickMs = 5
    /// Snapshot requests read per tick, so a flood cannot starve the feeds.
    static let maxRequestsPerTick = 64
    /// Snapshot answers per client per tick: a client's next request ends the tick's serving
    /// and waits for the next tick, so one client cannot take every tick (ZeroMQ reads the
    /// clients in turn, so each gets its share first).
    static let answersPerClientPerTick = 2
    /// How long a snapshot client whose answer did not fit its queue is ignored.
    static let cutOffMs: UInt64 = 1_000
    /// Cut-off snapshot clients remembered (the oldest is forgotten first).
    static let cutOffClientsMax = 4_096
    /// Feed (un)subscriptions read per tick; the rest wait in libzmq for the next tick.
    static let maxSubscriptionsPerTick = 4_096

    let sockets: FeedSockets
    var state: FeedState
    let heartbeatMs: Int
    let logger: Logger
    let filter: FeedSubscriptionFilter
    /// Snapshot client identity → when its cut-off ends (`FeedClock` ms).
    var cutOff = BoundedMap<[UInt8], UInt64>(capacity: cutOffClientsMax)
    /// A request read past its client's share of a tick, served first in the next tick.
    var deferred: ZMQMessage?

    init(sockets: FeedSockets, state: FeedState, heartbeatMs: Int, logger: Logger) {
        self.sockets = sockets
        self.state = state
        self.heartbeatMs = heartbeatMs
        self.logger = logger
        filter = FeedSubscriptionFilter(topics: FeedState.topics(state.markets))
    }

    mutating func run(
        inbox: FeedInbox, counters: SharedCounters<FeedCounters>, takeDropped: () -> Bool, isStopping: () -> Bool
    ) {
        defer { sockets.close() }
        var poller = ZMQPoller()
        do {
            try poller.register(sockets.router, for: .readable)
            try poller.register(sockets.pub, for: .readable)
            while !isStopping() {
                let ready = try poller.poll(timeoutMs: Self.tickMs)
                var tally = FeedCounters()
                if ready[1].contains(.readable) { try applySubscriptions(&tally) }
                if ready[0].contains(.readable) || deferred != nil { try serveSnapshots(counters) }
                if takeDropped() { state.blockDropped() }
                try publishQueued(inbox, &tally)
                try send(state.heartbeatFrames(nowMs: FeedClock.nowMs(), heartbeatMs: heartbeatMs, counters: &tally), &tally)
                counters.add { $0.merge(tally) }
            }
            // The last blocks handed over before the stop still go out.
            var tally = FeedCounters()
            try publishQueued(inbox, &tally)
            counters.add { $0.merge(tally) }
        } catch {
            logger.critical("feed publisher stopped: \(error)")
        }
    }

    private mutating func publishQueued(_ inbox: FeedInbox, _ tally: inout FeedCounters) throws(ZMQError) {
        for block in inbox.takeAll() {
            try send(state.frames(for: block, nowMs: FeedClock.nowMs(), counters: &tally), &tally)
        }
    }

    /// XPUB never waits: past a subscriber's HWM ZeroMQ drops for that subscriber alone.
    private func send(_ frames: [FeedFrame], _ tally: inout FeedCounters) throws(ZMQError) {
        for frame in frames {
            try sockets.pub.send(ZMQMessage(frames: frame.frames), .dontWait)
            tally.messagesPublished += 1
        }
    }

    /// Applies each (un)subscription the filter allows, right after reading it: in manual mode
    /// libzmq applies `subscribe`/`unsubscribe` to the subscriber whose message was read last.
    private func applySubscriptions(_ tally: inout FeedCounters) throws(ZMQError) {
        for _ in 0..<Self.maxSubscriptionsPerTick {
            let message: ZMQMessage
            do {
                guard let received = try sockets.pub.receive(limits: FeedSockets.subscriptionLimits, .dontWait) else { return }
                message = received
            } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                tally.subscriptionsRefused += 1
                continue
            }
            // Byte 1 subscribes, 0 unsubscribes; the rest is the prefix ("" is everything).
            let frame = message.frames[0]
            guard let kind = frame.first, kind <= 1, filter.allows(Array(frame.dropFirst())) else {
                tally.subscriptionsRefused += 1
                continue
            }
            let prefix = Array(frame.dropFirst())
            if kind == 1 { try sockets.pub.subscribe(prefix) } else { try sockets.pub.unsubscribe(prefix) }
            tally.subscriptionsApplied += 1
        }
    }

    /// Counts each answer before sending it, so a client that got one sees it counted.
    private mutating func serveSnapshots(_ counters: SharedCounters<FeedCounters>) throws(ZMQError) {
        var answered: [[UInt8]: Int] = [:]
        let nowMs = FeedClock.nowMs()
        for _ in 0..<Self.maxRequestsPerTick {
            let message: ZMQMessage
            if let waiting = deferred {
                message = waiting
                deferred = nil
            } else {
                do {
                    guard let received = try sockets.router.receive(limits: FeedSockets.requestLimits, .dontWait) else { return }
                    message = received
                } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                    // Drained and dropped; its sender cannot be named, so it is only counted.
                    counters.add { $0.snapshotsRefused += 1 }
                    continue
                }
            }
            let identity = message.frames[0]
            if let until = cutOff[identity] {
                if nowMs < until {
                    counters.add { $0.snapshotRequestsIgnored += 1 }
                    continue
                }
                cutOff[identity] = nil
            }
            let count = answered[identity, default: 0]
            guard count < Self.answersPerClientPerTick else {
                deferred = message
                return
            }
            answered[identity] = count + 1
            let (parts, refused) = answer(message)
            counters.add { refused ? ($0.snapshotsRefused += 1) : ($0.snapshotPartsSent += UInt64(parts.count)) }
            guard !send(parts, to: identity) else { continue }
            // Its queue is full: the missing parts show as a gap, and it is ignored for a while.
            cutOff[identity] = nowMs + Self.cutOffMs
            counters.add { $0.snapshotClientsCutOff += 1 }
        }
    }

    /// The parts answering one request (a refusal is one part).
    private func answer(_ message: ZMQMessage) -> (parts: [[UInt8]], refused: Bool) {
        guard message.frames.count == 2 else {
            return ([FeedState.refusal(Lodestone_V1_SnapshotRequest(), Self.wrongFrameCount(message.frames.count))], true)
        }
        return state.snapshotParts(request: message.frames[1])
    }

    /// Sends each part as its own message; false when one did not fit (the rest are not sent).
    /// A client that left is not an error of the publisher.
    private func send(_ parts: [[UInt8]], to identity: [UInt8]) -> Bool {
        for part in parts {
            do {
                guard try sockets.router.send(ZMQMessage(frames: [identity, part]), .dontWait) == .sent else { return false }
            } catch {
                logger.debug("snapshot client gone: \(error)")
                return true
            }
        }
        return true
    }

    private static func wrongFrameCount(_ frames: Int) -> WireError {
        WireError(.wrongFrameCount, "a snapshot request is one frame, got \(frames - 1)")
    }
}

extension FeedCounters {
    mutating func merge(_ other: FeedCounters) {
        messagesPublished += other.messagesPublished
        blocksDropped += other.blocksDropped
        snapshotPartsSent += other.snapshotPartsSent
        snapshotsRefused += other.snapshotsRefused
        messagesInvalid += other.messagesInvalid
        eventsUnmatched += other.eventsUnmatched
        subscriptionsApplied += other.subscriptionsApplied
        subscriptionsRefused += other.subscriptionsRefused
        snapshotClientsCutOff += other.snapshotClientsCutOff
        snapshotRequestsIgnored += other.snapshotRequestsIgnored
    }
}
