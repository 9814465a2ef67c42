import Logging
import LodestoneWire
import ZeroMQ

/// The publisher thread's work: publish queued blocks, answer snapshot requests, send
/// heartbeats for quiet topics. It alone touches the sockets and the `FeedState`.
struct FeedLoop: @unchecked Sendable {
    /// Longest wait for a snapshot request before checking the queue again: bounds how
    /// late a block is published after it is handed over.
    static let tickMs = 5
    /// Snapshot requests answered per tick, so a flood cannot starve the feeds.
    static let maxRequestsPerTick = 64

    let sockets: FeedSockets
    var state: FeedState
    let heartbeatMs: Int
    let logger: Logger

    mutating func run(
        inbox: FeedInbox, counters: SharedFeedCounters, takeDropped: () -> Bool, isStopping: () -> Bool
    ) {
        defer { sockets.close() }
        var poller = ZMQPoller()
        do {
            try poller.register(sockets.router, for: .readable)
            while !isStopping() {
                let ready = try poller.poll(timeoutMs: Self.tickMs)
                var tally = FeedCounters()
                if ready[0].contains(.readable) { try serveSnapshots(counters) }
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

    /// PUB never waits: past a subscriber's HWM ZeroMQ drops for that subscriber alone.
    private func send(_ frames: [FeedFrame], _ tally: inout FeedCounters) throws(ZMQError) {
        for frame in frames {
            try sockets.pub.send(ZMQMessage(frames: frame.frames), .dontWait)
            tally.messagesPublished += 1
        }
    }

    /// Counts each answer before sending it, so a client that got one sees it counted.
    private func serveSnapshots(_ counters: SharedFeedCounters) throws(ZMQError) {
        for _ in 0..<Self.maxRequestsPerTick {
            let message: ZMQMessage
            do {
                guard let received = try sockets.router.receive(limits: FeedSockets.requestLimits, .dontWait) else { return }
                message = received
            } catch where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // Drained and dropped; its sender cannot be named, so it is only counted.
                counters.add { $0.snapshotsRefused += 1 }
                continue
            }
            try answer(message, counters)
        }
    }

    /// Replies to the request's sender: identity frame, then each part as its own message.
    private func answer(_ message: ZMQMessage, _ counters: SharedFeedCounters) throws(ZMQError) {
        let identity = message.frames[0]
        let (parts, refused) = message.frames.count == 2
            ? state.snapshotParts(request: message.frames[1])
            : ([FeedState.refusal(Lodestone_V1_SnapshotRequest(), Self.wrongFrameCount(message.frames.count))], true)
        counters.add { refused ? ($0.snapshotsRefused += 1) : ($0.snapshotPartsSent += UInt64(parts.count)) }
        for part in parts {
            // A full peer queue drops the rest: the client times out and asks again.
            guard try sockets.router.send(ZMQMessage(frames: [identity, part]), .dontWait) == .sent else { return }
        }
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
    }
}
