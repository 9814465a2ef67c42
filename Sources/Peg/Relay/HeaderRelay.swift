import Crypto
import Ledger
import Primitives

/// The sidechain's main-chain header tree as the relay sees it: the best height and a
/// locator of recent best-chain hashes (tip first, then back in doubling steps to genesis).
/// The block thread makes one after each committed block (`HeaderTreeView(tree:)`); the
/// relay thread reads the newest.
public struct HeaderTreeView: Hashable, Sendable {
    /// One best-chain header the view names.
    public struct Point: Hashable, Sendable {
        public let height: UInt64
        public let hash: Hash256

        public init(height: UInt64, hash: Hash256) {
            self.height = height
            self.hash = hash
        }
    }

    /// Most points a locator holds: doubling steps reach height 0 from any height in 64.
    public static let locatorMax = 80
    /// Heights right under the tip named one by one before the steps double: a reorg of
    /// the last few headers (the common case) finds its fork point exactly.
    public static let denseSpan: UInt64 = 10

    public let bestHeight: UInt64
    /// Best-chain points, highest first; the last is genesis.
    public let locator: [Point]

    public init(bestHeight: UInt64, locator: [Point]) {
        precondition(!locator.isEmpty && locator.count <= Self.locatorMax, "a locator names 1...locatorMax points")
        self.bestHeight = bestHeight
        self.locator = locator
    }

    /// The view of `tree`'s best chain.
    public init(tree: HeaderTree) {
        var points: [Point] = []
        var height = tree.bestHeight
        var step: UInt64 = 1
        while true {
            if let hash = tree.bestHash(atHeight: height) { points.append(Point(height: height, hash: hash)) }
            if height == 0 { break }
            if points.count >= Self.denseSpan { step *= 2 }
            height = height > step ? height - step : 0
        }
        self.init(bestHeight: tree.bestHeight, locator: points)
    }

    public var best: Point { locator[0] }
}

/// Why a relay round could not fetch headers, with a code in the Peg module's block
/// (11201–11299 the header relay; see docs/PEG.md).
public enum HeaderRelayError: CodedError, Equatable {
    /// The main chain could not be asked (the client's error, after its retries).
    case mainChain(MainChainClientError)
    /// No point of the locator is on the main chain's best chain: not the peg's main chain,
    /// or a reorganization deeper than the locator reaches.
    case noSharedHeader(locatorPoints: Int)

    public var code: UInt16 {
        switch self {
        case .mainChain: 11201
        case .noSharedHeader: 11202
        }
    }

    public var name: String {
        switch self {
        case .mainChain: "relay_main_chain"
        case .noSharedHeader: "relay_no_shared_header"
        }
    }

    public var message: String {
        switch self {
        case .mainChain(let error): "the main chain could not be asked: \(error.code) \(error.name): \(error.message)"
        case .noSharedHeader(let points):
            "none of the \(points) locator points is on the main chain's best chain (another main chain, or a reorg deeper than the locator)"
        }
    }
}

/// Fetches the main-chain headers the sidechain lacks, a bounded batch per round.
///
/// A round asks the client for its tip; when the sidechain's best is behind it, finds the
/// highest point of the view's locator that is still on the main chain's best chain (a
/// reorganized main chain walks back through the locator, one request per point, at most
/// `locatorMax`), then asks for the headers from just above it. Headers it handed over in an
/// earlier round and still on the main chain's best chain are not fetched again (the block
/// thread may not have committed them yet). It never runs more than `aheadMax` headers past
/// the sidechain's best: a sidechain that does not commit them (no blocks) is not flooded.
///
/// Not thread-safe: one relay thread drives it.
public final class HeaderRelay {
    /// Most headers one round fetches by default.
    public static let headersPerRoundMaxDefault = 512
    /// Most headers the relay runs ahead of the sidechain's best by default (the node's
    /// candidate pool holds 2,048).
    public static let aheadMaxDefault: UInt64 = 2_048

    public let client: any MainChainClient
    public let suite: any CryptoSuite
    public let headersPerRoundMax: Int
    public let aheadMax: UInt64
    /// The highest header handed over so far (nil before the first, or after a reorg undid it).
    public private(set) var offered: HeaderTreeView.Point?

    public init(
        client: any MainChainClient, suite: any CryptoSuite, headersPerRoundMax: Int = HeaderRelay.headersPerRoundMaxDefault,
        aheadMax: UInt64 = HeaderRelay.aheadMaxDefault
    ) {
        precondition(headersPerRoundMax >= 1 && aheadMax >= 1, "a relay fetches at least one header")
        self.client = client
        self.suite = suite
        self.headersPerRoundMax = headersPerRoundMax
        self.aheadMax = aheadMax
    }

    /// One round: the headers above the shared point, in height order, at most
    /// `headersPerRoundMax`; empty when the sidechain is level with the main chain or
    /// `aheadMax` ahead of its own best.
    public func round(view: HeaderTreeView) throws(HeaderRelayError) -> [MainChainHeader] {
        let tip = try ask { () throws(MainChainClientError) in try client.best() }
        if tip.hash == view.best.hash { return [] }
        let shared = try sharedPoint(view: view, tipHeight: tip.height)
        var from = shared.height + 1
        // Go on above what earlier rounds handed over when it is still on the best chain.
        if let offered, offered.height > shared.height {
            let at = offered.height
            let remote =
                offered.height <= tip.height
                ? try ask { () throws(MainChainClientError) in try client.headers(fromHeight: at, countMax: 1) } : []
            // Off the best chain now (or above its tip): a reorg undid it; start again at the shared point.
            if remote.first?.hash(suite: suite) == offered.hash { from = offered.height + 1 } else { self.offered = nil }
        }
        let ceiling = min(tip.height, view.bestHeight + aheadMax)
        guard from <= ceiling else { return [] }
        let count = Int(min(UInt64(headersPerRoundMax), ceiling - from + 1))
        let start = from
        let headers = try ask { () throws(MainChainClientError) in try client.headers(fromHeight: start, countMax: count) }
        // The client checked the heights; a header that does not link to the one before it
        // (the main chain moved between requests) ends the batch: the next round goes on.
        var linked: [MainChainHeader] = []
        var previous: Hash256? = from == shared.height + 1 ? shared.hash : offered?.hash
        for header in headers {
            if let previous, header.previousHash != previous { break }
            linked.append(header)
            previous = header.hash(suite: suite)
        }
        if let last = linked.last { offered = HeaderTreeView.Point(height: last.height, hash: last.hash(suite: suite)) }
        return linked
    }

    /// Forgets what earlier rounds handed over, so the next round fetches again from the
    /// point it shares with the main chain: for when the receiver refused some of it (a full
    /// hand-off), which would otherwise never be sent again.
    public func forgetOffered() { offered = nil }

    /// The highest locator point still on the main chain's best chain. The common case (the
    /// sidechain's best is on it) costs one request.
    private func sharedPoint(view: HeaderTreeView, tipHeight: UInt64) throws(HeaderRelayError) -> HeaderTreeView.Point {
        for point in view.locator where point.height <= tipHeight {
            let at = point.height
            let remote = try ask { () throws(MainChainClientError) in try client.headers(fromHeight: at, countMax: 1) }
            if remote.first?.hash(suite: suite) == point.hash { return point }
        }
        throw .noSharedHeader(locatorPoints: view.locator.count)
    }

    private func ask<Value>(_ call: () throws(MainChainClientError) -> Value) throws(HeaderRelayError) -> Value {
        do { return try call() } catch { throw .mainChain(error) }
    }
}
