import Crypto
import Ledger
import Logging
import Primitives

/// Follows the main chain's headers in its own `HeaderTree` (the same rules the sidechain's
/// state applies: proof of work, retarget, most work) and stops the member on a deep reorg.
///
/// Deposits are acted on only once K deep (`DepositScanner`), so a reorg that disconnects
/// fewer than K blocks changes nothing the member did. One that disconnects K or more may
/// have undone a deposit the federation already minted: the watcher halts (status, a
/// critical log line, and the halt written to the record so a restart stays halted) and the
/// member does nothing more until an operator clears it.
///
/// Not thread-safe: the member drives it from one thread.
public final class ReorgWatcher {
    /// Whether the member may act.
    public enum Status: Hashable, Sendable {
        case following
        case halted(reason: String)
    }

    /// Headers asked for per request (the main chain's RPC caps a range at 2000).
    public static let headersPerRequestMax = 2_000
    /// Requests one `sync` makes at most, so a call is bounded even against a chain that
    /// keeps growing: the next call goes on where this one stopped.
    public static let requestsPerSyncMax = 64

    public private(set) var tree: HeaderTree
    /// K: how deep a deposit must be before the member acts, and the reorg depth that halts.
    public let confirmationsRequired: UInt64
    public private(set) var status: Status = .following
    private let record: FederationRecord
    private let logger: Logger

    /// A watcher starting from the genesis of `parameters`; halted at once if `record` says so.
    public init(
        parameters: MainChainParameters, suite: any CryptoSuite, confirmationsRequired: UInt64, record: FederationRecord,
        logger: Logger = Logger(label: "lodestone.peg.reorg")
    ) throws(FederationError) {
        guard confirmationsRequired >= 1 else { throw .badConfiguration("K (confirmations required) must be at least 1") }
        guard parameters.problem() == nil else { throw .badConfiguration("main-chain parameters: \(parameters.problem() ?? "")") }
        tree = HeaderTree(parameters: parameters, suite: suite)
        self.confirmationsRequired = confirmationsRequired
        self.record = record
        self.logger = logger
        if let reason = try record.haltReason() { status = .halted(reason: reason) }
        // Replay the stored headers in the order they came (HeaderTree's persistence rule):
        // the tree, side branches included, is what it was, so a reorg that happened while
        // the member was down is seen as one when the next sync connects the new branch.
        var index: UInt64 = 0
        while true {
            let stored = try record.headers(from: index)
            for header in stored { _ = try? tree.accept(header) }
            guard stored.count == FederationRecord.listingMax else { break }
            index += UInt64(stored.count)
        }
    }

    public var isHalted: Bool { status != .following }

    /// Accepts one header; a header already known is skipped (nil). Halts on a reorg that
    /// disconnects K or more blocks. A header the rules refuse is dropped with a warning:
    /// a main-chain node cannot make the member take a header the sidechain would refuse.
    @discardableResult
    public func accept(_ header: MainChainHeader) throws(FederationError) -> HeaderTree.Change? {
        var accepted: [MainChainHeader] = []
        do {
            let change = try accept(header, into: &accepted)
            try record.appendHeaders(accepted)
            return change
        } catch {
            try record.appendHeaders(accepted)
            throw error
        }
    }

    /// `accept`, collecting the headers the tree took in `accepted` (the caller stores them).
    private func accept(_ header: MainChainHeader, into accepted: inout [MainChainHeader]) throws(FederationError)
        -> HeaderTree.Change?
    {
        if case .halted(let reason) = status { throw .halted(reason: reason) }
        guard tree.entry(header.hash(suite: tree.suite)) == nil else { return nil }
        let change: HeaderTree.Change
        do {
            change = try tree.accept(header)
            accepted.append(header)
        } catch {
            logger.warning("main-chain header refused", metadata: ["height": "\(header.height)", "error": "\(error)"])
            return nil
        }
        if case .reorganized(let disconnected, let connected) = change {
            let depth = UInt64(disconnected.count)
            if depth >= confirmationsRequired {
                try halt(
                    "main-chain reorg disconnected \(depth) blocks (K = \(confirmationsRequired)), old tip \(disconnected[0]), new tip \(connected[connected.count - 1])"
                )
            } else {
                logger.notice("main-chain reorg below K", metadata: ["disconnected": "\(depth)", "k": "\(confirmationsRequired)"])
            }
        }
        return change
    }

    /// Stops the member for `reason` (kept across restarts).
    public func halt(_ reason: String) throws(FederationError) {
        guard !isHalted else { return }
        status = .halted(reason: reason)
        logger.critical("PEG HALTED: \(reason)")
        try record.setHalt(reason)
    }

    /// Brings the tree up to the client's best chain: finds the highest header both share
    /// (walking back from this tree's tip in doubling steps, at most the tree's fork depth),
    /// then accepts the main chain's headers from there. Returns every change, in order.
    @discardableResult
    public func sync(client: any MainChainClient) throws(FederationError) -> [HeaderTree.Change] {
        if case .halted(let reason) = status { throw .halted(reason: reason) }
        var changes: [HeaderTree.Change] = []
        var requests = 0
        func ask<Value>(_ call: () throws(MainChainClientError) -> Value) throws(FederationError) -> Value {
            requests += 1
            do { return try call() } catch { throw .mainChain(error) }
        }
        let tip = try ask { () throws(MainChainClientError) in try client.best() }
        if tip.hash == tree.best.hash { return [] }
        // The shared height: the highest height whose main-chain header this tree holds.
        var height = min(tree.bestHeight, tip.height)
        var step: UInt64 = 1
        while height > 0 {
            let probe = height
            let remote = try ask { () throws(MainChainClientError) in try client.headers(fromHeight: probe, countMax: 1) }
            if let header = remote.first, tree.entry(header.hash(suite: tree.suite)) != nil { break }
            guard tree.bestHeight - height < tree.forkDepthMax, requests < Self.requestsPerSyncMax else {
                try halt("no common main-chain header within \(tree.bestHeight - height) blocks of this member's tip")
                throw .halted(reason: "no common main-chain header")
            }
            height = height > step ? height - step : 0
            step *= 2
        }
        if height == 0 {
            // Walked back to genesis: make sure it is this peg's main chain at all.
            let remote = try ask { () throws(MainChainClientError) in try client.headers(fromHeight: 0, countMax: 1) }
            guard let genesis = remote.first, genesis.hash(suite: tree.suite) == tree.parameters.genesisHeader.hash(suite: tree.suite)
            else {
                throw .badConfiguration("the main chain's genesis is not the one the peg's parameters name")
            }
        }
        var accepted: [MainChainHeader] = []
        // One synced batch for all headers taken, also when a halt or a failure ends the walk.
        do {
            var from = height + 1
            while requests < Self.requestsPerSyncMax, !isHalted {
                let start = from
                let headers = try ask { () throws(MainChainClientError) in
                    try client.headers(fromHeight: start, countMax: Self.headersPerRequestMax)
                }
                for header in headers {
                    if let change = try accept(header, into: &accepted) { changes.append(change) }
                    if isHalted { break }
                }
                guard headers.count == Self.headersPerRequestMax else { break }
                from += UInt64(headers.count)
            }
        } catch {
            try record.appendHeaders(accepted)
            throw error
        }
        try record.appendHeaders(accepted)
        return changes
    }

    /// How deep `blockHash` is on this tree's best chain (1 for the tip), nil when not on it.
    public func confirmations(of blockHash: Hash256) -> UInt64? { tree.confirmations(of: blockHash) }
}
