import Chain
import Dispatch
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// The market-data publisher (PROTOCOL §8.4): a PUB socket carrying `l2.`, `l3.`,
/// `trades.<MARKET>`, `blocks` and heartbeats, and a snapshot ROUTER, both served by one
/// thread of its own. The block thread hands over committed blocks with `publish`, which
/// never waits: when the bounded queue is full the block is dropped and counted, every
/// topic skips a number so subscribers see the gap, and snapshots are refused from then on.
public final class FeedPublisher: Sendable {
    /// The PUB endpoint, with a wildcard port resolved.
    public let feedEndpoint: String
    /// The snapshot ROUTER endpoint, with a wildcard port resolved.
    public let snapshotEndpoint: String
    private let inbox: FeedInbox
    private let shared = SharedCounters(FeedCounters())
    private let dropped = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let running = DispatchGroup()

    /// The guards in front of the two sockets (none for inproc endpoints).
    private let guards: [String: ZMTPGuard]

    private init(feedEndpoint: String, snapshotEndpoint: String, queueCapacity: Int, guards: [String: ZMTPGuard]) {
        self.guards = guards
        self.feedEndpoint = feedEndpoint
        self.snapshotEndpoint = snapshotEndpoint
        inbox = FeedInbox(capacity: queueCapacity)
    }

    /// Binds both sockets and starts the publisher thread. `resting` holds, per market
    /// index, the orders the chain's books already hold (a restarted node), in time
    /// priority: the publisher's book copy starts from them, so snapshots are complete.
    public static func start(
        context: ZMQContext, configuration: FeedConfiguration, markets: [FeedMarket],
        resting: [Int: [FeedRestingOrder]] = [:], logger: Logger
    ) throws(FeedError) -> FeedPublisher {
        try configuration.check()
        let sockets = try FeedSockets(context: context, configuration: configuration)
        let guards = [("feed", sockets.feedGuard), ("snapshot", sockets.snapshotGuard)].compactMap { name, relay in relay.map { (name, $0) } }
        let publisher = FeedPublisher(
            feedEndpoint: sockets.feedEndpoint, snapshotEndpoint: sockets.snapshotEndpoint,
            queueCapacity: configuration.queueCapacity, guards: Dictionary(uniqueKeysWithValues: guards))
        let state = FeedState(markets: markets, nowMs: FeedClock.nowMs(), resting: resting)
        publisher.run(FeedLoop(sockets: sockets, state: state, heartbeatMs: configuration.heartbeatMs, logger: logger))
        logger.info("feeds on \(sockets.feedEndpoint), snapshots on \(sockets.snapshotEndpoint)")
        return publisher
    }

    /// Queues a committed block for publishing; never waits (see the type's notes).
    public func publish(_ block: FeedBlock) {
        guard !inbox.offer(block) else { return }
        dropped.store(true, ordering: .releasing)
        shared.add { $0.blocksDropped += 1 }
    }

    /// `publish` for a block as the node reports it.
    public func publish(block: Block, outcome: BlockOutcome, state: ChainState) {
        publish(FeedBlock(block: block, outcome: outcome, state: state))
    }

    /// What the publisher has sent and dropped so far.
    public var counters: FeedCounters { shared.current }

    /// What the guards of the feed and snapshot sockets accepted, refused and cut off, by name.
    public var guardCounters: [String: ZMTPGuardCounters] { guards.mapValues(\.counters) }

    /// Asks the thread to finish (after the blocks already queued); returns at once.
    public func stop() { stopping.store(true, ordering: .releasing) }

    /// Waits at most `timeoutMs` for the thread to end; false when it still runs.
    public func waitUntilStopped(timeoutMs: Int) -> Bool {
        running.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }

    private func run(_ loop: FeedLoop) {
        running.enter()
        let thread = Thread { [self] in
            var loop = loop
            loop.run(
                inbox: inbox, counters: shared,
                takeDropped: { dropped.exchange(false, ordering: .acquiringAndReleasing) },
                isStopping: { stopping.load(ordering: .acquiring) })
            running.leave()
        }
        thread.name = "lodestone-feeds"
        thread.start()
    }
}

/// Milliseconds on a clock that never jumps, for heartbeat timing.
enum FeedClock {
    static func nowMs() -> UInt64 { DispatchTime.now().uptimeNanoseconds / 1_000_000 }
}
