import Chain
import Crypto
import Foundation
import Ledger
import Logging
import Peg
import Primitives
import Synchronization

/// Where main-chain headers pass from the relay thread to the block thread, and the header
/// tree's view back: a bounded hand-off the relay offers to (a full one refuses, counts and
/// is logged; the relay never waits), the candidate pool the block thread drains it into,
/// and the view of the state's tree the block thread publishes after each block.
///
/// Exists only when the genesis has a peg; without `main_chain_rpc` nothing fills it, and
/// headers still come from clients through the gateway (`SubmitMainChainHeaders`).
public final class MainChainHeaderFeed: Sendable {
    /// Headers the hand-off holds at most: one candidate pool's worth.
    public static let handoffMax = MainChainHeaderCandidates.candidatesMaxDefault

    private let handoff: BoundedQueue<MainChainHeader>
    private let candidates: Mutex<MainChainHeaderCandidates>
    private let view: Mutex<HeaderTreeView>
    private let handoffRefused = Atomic<UInt64>(0)

    /// A feed for the tree `tree` (the state's at start).
    public init(
        tree: HeaderTree, candidatesMax: Int = MainChainHeaderCandidates.candidatesMaxDefault,
        handoffMax: Int = MainChainHeaderFeed.handoffMax
    ) {
        handoff = BoundedQueue(capacity: handoffMax)
        candidates = Mutex(MainChainHeaderCandidates(candidatesMax: candidatesMax))
        view = Mutex(HeaderTreeView(tree: tree))
    }

    // MARK: The relay's side

    /// The newest view of the state's header tree.
    public var currentView: HeaderTreeView { view.withLock { $0 } }

    /// Offers `headers` in order without waiting; returns how many the full hand-off refused
    /// (also counted in `handoffRefusedCount`).
    @discardableResult
    public func hand(_ headers: [MainChainHeader]) -> Int {
        var refused = 0
        for header in headers where !handoff.offer(header) { refused += 1 }
        if refused > 0 { handoffRefused.add(UInt64(refused), ordering: .relaxed) }
        return refused
    }

    // MARK: The block thread's side

    /// Moves what the hand-off holds into the candidate pool, then returns the candidates in
    /// height order, at most a block's worth.
    public func candidatesForBlock(tree: HeaderTree) -> [MainChainHeader] {
        let taken = handoff.take(max: handoff.capacity, waitMs: 0)
        return candidates.withLock { pool in
            if !taken.isEmpty { pool.add(taken, tree: tree) }
            return Array(pool.ordered().prefix(Block.maxMainChainHeaders))
        }
    }

    /// After a committed block: drops what the tree now holds or can no longer take, and
    /// publishes the tree's new view for the relay.
    public func committed(tree: HeaderTree) {
        candidates.withLock { $0.committed(tree: tree) }
        let newView = HeaderTreeView(tree: tree)
        view.withLock { $0 = newView }
    }

    /// On a follower's block thread: what the hand-off holds (the gateway's submissions), at
    /// most `max`, for the forwarder to send to the validators.
    public func takeHandedOff(max: Int) -> [MainChainHeader] {
        handoff.take(max: max, waitMs: 0)
    }

    // MARK: Status

    /// Headers waiting in the candidate pool and the hand-off.
    public var pending: Int { candidates.withLock { $0.count } + handoff.count }
    /// Headers the candidate pool refused because it was full.
    public var candidatesRefusedCount: UInt64 { candidates.withLock { $0.refused } }
    /// Headers the hand-off refused because it was full.
    public var handoffRefusedCount: UInt64 { handoffRefused.load(ordering: .relaxed) }
}

/// The `lodestone-headers` thread's work: every `intervalMs`, one `HeaderRelay` round against
/// the newest view, its headers handed to the block thread. A client error is logged with its
/// code (the client already retried it by its `RetryPolicy`) and the next round tries again;
/// the node's blocks never wait for the main chain.
struct HeaderRelayLoop: Sendable {
    /// The default pause between rounds.
    static let intervalMsDefault: UInt64 = 500
    /// Longest sleep before the stop flag is read again.
    static let sleepSliceMs: UInt64 = 50

    let relay: HeaderRelayBox
    let feed: MainChainHeaderFeed
    let intervalMs: UInt64
    let logger: Logger

    /// Runs rounds until `stop` is set.
    func run(until stop: StopFlag) {
        var failing = false
        var poolRefusedSeen = feed.candidatesRefusedCount
        while !stop.isSet {
            do {
                let headers = try relay.round(view: feed.currentView)
                if failing { logger.info("main-chain relay recovered") }
                failing = false
                let refused = feed.hand(headers)
                // Refused headers (by the hand-off here, or by the candidate pool when the
                // block thread drained it) are fetched again from the shared point next round:
                // the relay would otherwise go on above them, and their children would wait
                // for a parent that never comes. The pool drops the duplicates.
                let poolRefused = feed.candidatesRefusedCount
                if refused > 0 || poolRefused != poolRefusedSeen { relay.forgetOffered() }
                poolRefusedSeen = poolRefused
                if refused > 0 {
                    logger.warning(
                        "main-chain header hand-off full: refused \(refused) of \(headers.count) (total \(feed.handoffRefusedCount))")
                }
            } catch {
                // Once per failing stretch at warning level; the rest at debug, so a main chain
                // that is down does not flood the log.
                let line = "main-chain relay round failed: \(error.code) \(error.name): \(error.message)"
                if failing { logger.debug("\(line)") } else { logger.warning("\(line)") }
                failing = true
            }
            var slept: UInt64 = 0
            while slept < intervalMs, !stop.isSet {
                let slice = min(Self.sleepSliceMs, intervalMs - slept)
                Thread.sleep(forTimeInterval: Double(slice) / 1_000)
                slept += slice
            }
        }
    }
}

/// `HeaderRelay` (a class driven by one thread) carried into that thread.
final class HeaderRelayBox: @unchecked Sendable {
    // Only the relay thread calls `round`.
    private let relay: HeaderRelay

    init(_ relay: HeaderRelay) { self.relay = relay }

    func round(view: HeaderTreeView) throws(HeaderRelayError) -> [MainChainHeader] { try relay.round(view: view) }

    func forgetOffered() { relay.forgetOffered() }
}
