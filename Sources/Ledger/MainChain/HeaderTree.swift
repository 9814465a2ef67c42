import Crypto
import Primitives

/// The main chain's headers as a tree, with the best chain by total work: the main chain's
/// nodes choose their chain with it, and the sidechain's state keeps one so that every
/// validator judges a deposit against the same main-chain view. Deterministic: the result
/// depends only on the headers and their order; equal work keeps the branch seen first.
///
/// Bounds: at most `headersMax` headers; a branch may leave the best chain at most
/// `forkDepthMax` below its tip, and side branches that fall further behind are pruned.
public struct HeaderTree: Sendable {
    public static let forkDepthMaxDefault: UInt64 = 1_000
    public static let headersMaxDefault = 1_000_000

    /// A header with what the tree derives from it once.
    public struct Entry: Hashable, Sendable {
        public let header: MainChainHeader
        public let hash: Hash256
        /// Total work of the chain ending here, genesis included.
        public let chainWork: UInt256
        /// The order headers entered the tree (a reload accepts them again in this order).
        public let arrival: UInt64
    }

    /// What accepting a header did to the best chain.
    public enum Change: Hashable, Sendable {
        /// The header extends the best chain (its new tip).
        case extended(tip: Hash256)
        /// The header is on a branch with no more work than the best chain: stored, no change.
        case sideBranch
        /// The header's branch has more work: `disconnected` left the best chain (old tip
        /// first), `connected` joined it (fork point's child first).
        case reorganized(disconnected: [Hash256], connected: [Hash256])
    }

    public let parameters: MainChainParameters
    public let suite: any CryptoSuite
    public let forkDepthMax: UInt64
    public let headersMax: Int
    private let powLimit: UInt256
    private var entries: [Hash256: Entry]
    /// The best chain's hashes by height.
    private var bestChain: [Hash256]
    /// Hashes not on the best chain, in arrival order (the pruning candidates).
    private var sideHashes: [Hash256] = []
    private var arrivals: UInt64 = 0

    /// A tree holding the genesis header of `parameters` (which `problem()` found valid).
    public init(
        parameters: MainChainParameters, suite: any CryptoSuite, forkDepthMax: UInt64 = HeaderTree.forkDepthMaxDefault,
        headersMax: Int = HeaderTree.headersMaxDefault
    ) {
        precondition(parameters.problem() == nil, "main-chain parameters are checked before use")
        self.parameters = parameters
        self.suite = suite
        self.forkDepthMax = forkDepthMax
        self.headersMax = headersMax
        powLimit = CompactTarget.target(ofBits: parameters.powLimitBits) ?? .max
        let genesis = parameters.genesisHeader
        let hash = genesis.hash(suite: suite)
        let work = CompactTarget.work(ofTarget: CompactTarget.target(ofBits: genesis.targetBits) ?? .max)
        entries = [hash: Entry(header: genesis, hash: hash, chainWork: work, arrival: 0)]
        bestChain = [hash]
    }

    /// The tip of the best chain.
    public var best: Entry { entries[bestChain[bestChain.count - 1]]! }
    public var bestHeight: UInt64 { UInt64(bestChain.count - 1) }
    public var count: Int { entries.count }

    public func entry(_ hash: Hash256) -> Entry? { entries[hash] }

    /// The best chain's header hash at `height`.
    public func bestHash(atHeight height: UInt64) -> Hash256? {
        height < UInt64(bestChain.count) ? bestChain[Int(height)] : nil
    }

    /// How deep `hash` is in the best chain: 1 for the tip, nil when it is not on it.
    public func confirmations(of hash: Hash256) -> UInt64? {
        guard let entry = entries[hash], bestHash(atHeight: entry.header.height) == hash else { return nil }
        return bestHeight - entry.header.height + 1
    }

    /// Every header, in the order it arrived (what a store writes, and a reload accepts again).
    public func entriesInArrivalOrder() -> [Entry] { entries.values.sorted { $0.arrival < $1.arrival } }

    /// The target bits a child of `parent` must carry: the parent's, except at a multiple of
    /// the retarget interval R, where the parent's target is scaled by the time the last R − 1
    /// intervals took over the time they should have taken (clamped to 4× either way), capped
    /// at the proof-of-work limit, and rounded by the compact form.
    public func expectedTargetBits(childOf parent: Entry) -> UInt32 {
        let interval = parameters.retargetIntervalBlocks
        let height = parent.header.height + 1
        guard height % interval == 0, let first = ancestor(of: parent, atHeight: height - interval) else {
            return parent.header.targetBits
        }
        let expectedMs = (interval - 1) * parameters.blockIntervalMs
        let spanMs =
            parent.header.timestampMs > first.header.timestampMs ? parent.header.timestampMs - first.header.timestampMs : 0
        let factor = MainChainParameters.retargetClampFactor
        let actualMs = min(max(spanMs, expectedMs / factor), expectedMs * factor)
        let old = CompactTarget.target(ofBits: parent.header.targetBits) ?? powLimit
        guard let scaled = old.scaled(by: actualMs, over: expectedMs), scaled <= powLimit else {
            return CompactTarget.bits(of: powLimit)
        }
        return CompactTarget.bits(of: scaled.isZero ? UInt256(1) : scaled)
    }

    /// The median timestamp of `entry` and up to 10 of its ancestors.
    public func medianTimePast(endingAt entry: Entry) -> UInt64 {
        var times: [UInt64] = []
        var cursor: Entry? = entry
        while let current = cursor, times.count < MainChainParameters.medianTimeSpan {
            times.append(current.header.timestampMs)
            cursor = current.header.height == 0 ? nil : entries[current.header.previousHash]
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Checks `header` against every rule without storing it; returns its hash and parent.
    public func check(_ header: MainChainHeader) throws(HeaderChainError) -> (hash: Hash256, parent: Entry) {
        guard header.version == MainChainHeader.currentVersion else { throw .unsupportedVersion(header.version) }
        let hash = header.hash(suite: suite)
        guard entries[hash] == nil else { throw .duplicate(hash) }
        guard let parent = entries[header.previousHash] else { throw .unknownParent(header.previousHash) }
        guard header.height == parent.header.height + 1 else {
            throw .wrongHeight(expected: parent.header.height + 1, got: header.height)
        }
        let expectedBits = expectedTargetBits(childOf: parent)
        guard header.targetBits == expectedBits else { throw .badRetarget(expectedBits: expectedBits, gotBits: header.targetBits) }
        guard let target = CompactTarget.target(ofBits: header.targetBits), UInt256(bigEndian: hash) <= target else {
            throw .insufficientWork(hash: hash)
        }
        let median = medianTimePast(endingAt: parent)
        guard header.timestampMs > median else { throw .timestampTooEarly(medianTimePastMs: median, gotMs: header.timestampMs) }
        guard forkPoint(of: parent) != nil else {
            throw .forkTooDeep(forkHeight: parent.header.height, bestHeight: bestHeight, depthMax: forkDepthMax)
        }
        guard entries.count < headersMax else { throw .full(limit: headersMax) }
        return (hash, parent)
    }

    /// Checks and stores `header`, moving the best chain when its branch has more work.
    @discardableResult
    public mutating func accept(_ header: MainChainHeader) throws(HeaderChainError) -> Change {
        let (hash, parent) = try check(header)
        let target = CompactTarget.target(ofBits: header.targetBits) ?? powLimit
        let (work, overflow) = parent.chainWork.addingReportingOverflow(CompactTarget.work(ofTarget: target))
        assert(!overflow, "2^256 hashes of work cannot be done")
        arrivals += 1
        let entry = Entry(header: header, hash: hash, chainWork: work, arrival: arrivals)
        entries[hash] = entry
        guard work > best.chainWork else {
            sideHashes.append(hash)
            return .sideBranch
        }
        if parent.hash == bestChain[bestChain.count - 1] {
            bestChain.append(hash)
            pruneSideBranches()
            return .extended(tip: hash)
        }
        // A heavier branch: walk it back to the best chain, then swap the suffixes.
        var connected = [hash]
        var cursor = parent
        while bestHash(atHeight: cursor.header.height) != cursor.hash {
            connected.append(cursor.hash)
            guard let next = entries[cursor.header.previousHash] else {
                preconditionFailure("check() found the fork point")
            }
            cursor = next
        }
        connected.reverse()
        let forkHeight = Int(cursor.header.height)
        let disconnected = Array(bestChain[(forkHeight + 1)...].reversed())
        bestChain.removeSubrange((forkHeight + 1)...)
        bestChain.append(contentsOf: connected)
        let joined = Set(connected)
        sideHashes.removeAll { joined.contains($0) }
        sideHashes.append(contentsOf: disconnected.reversed())
        pruneSideBranches()
        _checkInvariants()
        return .reorganized(disconnected: disconnected, connected: connected)
    }

    /// The entry's ancestor at `height` (itself at its own height).
    public func ancestor(of entry: Entry, atHeight height: UInt64) -> Entry? {
        guard height <= entry.header.height else { return nil }
        if bestHash(atHeight: entry.header.height) == entry.hash, let hash = bestHash(atHeight: height) { return entries[hash] }
        var cursor: Entry? = entry
        while let current = cursor, current.header.height > height { cursor = entries[current.header.previousHash] }
        return cursor
    }

    /// The best-chain entry `entry`'s branch leaves from, if within `forkDepthMax` of the tip.
    private func forkPoint(of entry: Entry) -> Entry? {
        var cursor = entry
        while bestHash(atHeight: cursor.header.height) != cursor.hash {
            guard cursor.header.height + forkDepthMax > bestHeight, let parent = entries[cursor.header.previousHash] else { return nil }
            cursor = parent
        }
        return cursor.header.height + forkDepthMax >= bestHeight ? cursor : nil
    }

    /// Drops side-branch headers more than `forkDepthMax` below the tip: no branch can leave
    /// from there any more.
    private mutating func pruneSideBranches() {
        let floor = bestHeight > forkDepthMax ? bestHeight - forkDepthMax : 0
        guard sideHashes.contains(where: { (entries[$0]?.header.height ?? 0) < floor }) else { return }
        sideHashes.removeAll { hash in
            guard let entry = entries[hash], entry.header.height < floor else { return false }
            entries[hash] = nil
            return true
        }
    }

    /// Checks the tree's invariants (debug builds): the best chain links up by parent and
    /// height, and every side hash is stored and off the best chain.
    public func _checkInvariants() {
        #if DEBUG
            for (height, hash) in bestChain.enumerated() {
                guard let entry = entries[hash] else { preconditionFailure("best chain names a missing header") }
                precondition(entry.header.height == UInt64(height), "best chain height")
                if height > 0 { precondition(entry.header.previousHash == bestChain[height - 1], "best chain link") }
            }
            precondition(entries.count == bestChain.count + sideHashes.count, "every header is on the best chain or a side branch")
        #endif
    }
}
