import Crypto
import Ledger
import Primitives
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The miner's clock, injected so that tests drive time (and so a fixed hash rate).
public protocol MinerClock: Sendable {
    /// Milliseconds since the Unix epoch (a header's timestamp).
    func nowMs() -> UInt64
    /// Waits `ms` milliseconds (the duty cycle's rest).
    func sleep(ms: UInt64)
}

/// The wall clock.
public struct SystemMinerClock: MinerClock {
    public init() {}

    public func nowMs() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000 + UInt64(time.tv_nsec) / 1_000_000
    }

    public func sleep(ms: UInt64) {
        var request = timespec(tv_sec: Int(ms / 1_000), tv_nsec: Int(ms % 1_000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// How the miner works.
public struct MinerSettings: Hashable, Sendable {
    /// The duty cycle's window: the miner hashes `cpuPercent` ms of every `windowMs`.
    public static let windowMs: UInt64 = 100
    public static let cpuPercentRange: ClosedRange<Int> = 1...100

    /// Share of one core the miner may take: after hashing for N ms (or a chunk more), it rests
    /// (100 − N)/N times as long as it worked, so it hashes N ms of every 100 on average.
    public let cpuPercent: Int
    /// Hashes between two looks at the clock (and at the tip).
    public let hashesPerChunk: Int
    /// Most mempool transactions one block takes.
    public let transactionsPerBlockMax: Int
    /// A template older than this is rebuilt (newer timestamp, newer pool).
    public let templateRefreshMs: UInt64

    public init(cpuPercent: Int = 100, hashesPerChunk: Int = 1_024, transactionsPerBlockMax: Int = 500, templateRefreshMs: UInt64 = 1_000) {
        precondition(Self.cpuPercentRange.contains(cpuPercent), "cpu percent is 1...100")
        precondition(hashesPerChunk > 0 && transactionsPerBlockMax >= 0, "positive chunk")
        self.cpuPercent = cpuPercent
        self.hashesPerChunk = hashesPerChunk
        self.transactionsPerBlockMax = transactionsPerBlockMax
        self.templateRefreshMs = templateRefreshMs
    }
}

/// Mines blocks on the node's best tip with its mempool's transactions: builds a template
/// (`MainChainCore.template`: the retarget rule's bits, timestamp max(now, MTP + 1)), tries
/// nonces in chunks, and after each chunk looks at the clock once: it rests to keep to its
/// CPU share, and rebuilds the template when the tip moved or the template is stale.
public final class MainChainMiner: Sendable {
    public struct Statistics: Hashable, Sendable {
        public var blocksMined: UInt64 = 0
        public var hashes: UInt64 = 0
        public var sleptMs: UInt64 = 0
        public var refused: UInt64 = 0
    }

    public let node: MainChainNode
    public let settings: MinerSettings
    private let clock: any MinerClock
    private let stats = Mutex(Statistics())

    public init(node: MainChainNode, settings: MinerSettings, clock: any MinerClock = SystemMinerClock()) {
        self.node = node
        self.settings = settings
        self.clock = clock
    }

    public var statistics: Statistics { stats.withLock { $0 } }

    /// Mines until `blocks` blocks were accepted or `shouldStop` says so; returns the blocks.
    @discardableResult
    public func mine(blocks: Int = .max, shouldStop: () -> Bool = { false }) -> [MainChainBlock] {
        var mined: [MainChainBlock] = []
        let busyMs = UInt64(settings.cpuPercent) * MinerSettings.windowMs / 100
        var now = clock.nowMs()
        var windowStart = now
        while mined.count < blocks, !shouldStop() {
            let template =
                (try? node.withCore { $0.template(nowMs: now, transactionsMax: settings.transactionsPerBlockMax) })
                ?? MainChainBlock(header: node.genesis.genesisHeader, transactions: [])
            let templateMs = now
            let header = template.header
            guard let target = CompactTarget.target(ofBits: header.targetBits) else { return mined }
            var nonce: UInt64 = 0
            defer { stats.withLock { $0.hashes += nonce } }
            search: while !shouldStop() {
                for _ in 0..<settings.hashesPerChunk {
                    let candidate = header.withNonce(nonce)
                    nonce &+= 1
                    guard UInt256(bigEndian: candidate.hash(suite: node.genesis.suite)) <= target else { continue }
                    let block = MainChainBlock(header: candidate, transactions: template.transactions)
                    do {
                        try node.submitBlock(block)
                        stats.withLock { $0.blocksMined += 1 }
                        mined.append(block)
                    } catch {
                        stats.withLock { $0.refused += 1 }
                    }
                    now = clock.nowMs()
                    break search
                }
                now = clock.nowMs()
                if settings.cpuPercent < 100, now &- windowStart >= busyMs {
                    // Rest in proportion to the time worked, not to the end of the window: a
                    // chunk that overran the busy share (a slow or loaded machine) is paid back
                    // in full, so the share holds whatever a chunk costs.
                    let workedMs = now &- windowStart
                    let restMs = workedMs * UInt64(100 - settings.cpuPercent) / UInt64(settings.cpuPercent)
                    clock.sleep(ms: restMs)
                    stats.withLock { $0.sleptMs += restMs }
                    now += restMs
                    windowStart = now
                }
                if now &- templateMs >= settings.templateRefreshMs || node.best.hash != header.previousHash {
                    break search
                }
            }
        }
        return mined
    }
}
