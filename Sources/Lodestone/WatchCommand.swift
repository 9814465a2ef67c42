import ArgumentParser
import Foundation
import Gateway
import LodestoneWire
import Markets
import Matching
import Node
import Synchronization
import ZeroMQ

/// Set by SIGINT so `watch` restores the terminal before it exits.
private let interrupted = Atomic<Bool>(false)

/// `lodestone watch MARKET`: a live ladder (top 10 bids and asks, last 10 trades) kept from
/// a snapshot plus L2 updates, re-synced on any gap, redrawn at most 10 times a second.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Show a market's live order book ladder and trades until Ctrl-C.")

    static let depth = 10
    static let redrawIntervalMs: UInt64 = 100

    @Argument(help: "The market symbol, e.g. BTC-USDT.")
    var market: String

    @Option(help: "The node's feed PUB endpoint.")
    var endpoint = "tcp://127.0.0.1:7421"

    @Option(help: "The node's snapshot ROUTER endpoint.")
    var snapshotEndpoint = "tcp://127.0.0.1:7422"

    @Option(help: "Exit after this many seconds (default: run until Ctrl-C).")
    var seconds: Int?

    @Option(help: "A node folder: the market's units come from its genesis (default: the market file in --markets).")
    var dir: String?

    @Option(help: "A folder of market files, read for the market's units when --dir is not given.")
    var markets = "Markets"

    @Flag(help: "Show prices and sizes as the exact integers the feed carries (minor units).")
    var minorUnits = false

    func validate() throws {
        if let seconds { guard (1...86_400).contains(seconds) else { throw ValidationError("--seconds must be 1...86400") } }
    }

    /// The market's units for the ladder: from the node folder's genesis, else from its
    /// market file; nil with --minor-units.
    func marketUnits() throws -> MarketUnits? {
        guard !minorUnits else { return nil }
        if let dir {
            let settings = try NodeSettings.load(directory: dir)
            guard let market = settings.chain.markets.first(where: { $0.symbol == market }) else {
                throw ValidationError("no market \(market) in the genesis of \(dir)")
            }
            return MarketUnits(market.definition)
        }
        let path = (markets as NSString).appendingPathComponent("\(market).toml")
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no market file \(path): pass --dir NODE_FOLDER, --markets DIR or --minor-units")
        }
        return MarketUnits(try MarketDefinition.load(path: path))
    }

    func run() throws {
        let units = try marketUnits()
        signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
        let client = try FeedClient(context: ZMQContext(), feedEndpoint: endpoint, snapshotEndpoint: snapshotEndpoint)
        defer { client.close() }
        let follower = try L2Follower(client: client, market: market, snapshotTimeoutMs: 5_000)
        var trades: [Lodestone_V1_Trade] = []
        let deadline = seconds.map { DispatchTime.now().uptimeNanoseconds + UInt64($0) * 1_000_000_000 }
        var lastDrawNs: UInt64 = 0
        var dirty = true
        Self.write("\u{1B}[?25l")  // hide the cursor while drawing
        defer { Self.write("\u{1B}[?25h\n") }
        while !interrupted.load(ordering: .relaxed), deadline.map({ DispatchTime.now().uptimeNanoseconds < $0 }) ?? true {
            switch try follower.next(timeoutMs: Int(Self.redrawIntervalMs)) {
            case .trade(let trade):
                trades = Array(([trade] + trades).prefix(Self.depth))
                dirty = true
            case .updated, .resynced: dirty = true
            case .idle: break
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard dirty, now - lastDrawNs >= Self.redrawIntervalMs * 1_000_000 else { continue }
            // Unbuffered, so each frame shows whole and at once.
            Self.write(Self.screen(follower, trades: trades, units: units))
            lastDrawNs = now
            dirty = false
        }
    }

    /// The whole screen: clear, header, asks (best at the bottom), bids, trades. Prices and
    /// sizes in the market's units (`30,010.00`), or the feed's integers without `units`.
    static func screen(_ follower: L2Follower, trades: [Lodestone_V1_Trade], units: MarketUnits?) -> String {
        let book = follower.book
        let price = { (minor: UInt64) in units?.formatPrice(minor) ?? String(minor) }
        let size = { (minor: UInt64) in units?.formatSize(minor) ?? String(minor) }
        let legend = units.map {
            "prices in \($0.definition.quoteAsset) per \($0.definition.baseAsset), sizes in \($0.definition.baseAsset)"
        }
        var lines = [
            "\u{1B}[H\u{1B}[2J\(follower.market)  height \(book.height)  l2 seq \(book.sequence)  resyncs \(follower.resyncCount)",
            legend ?? "prices and sizes in minor units",
        ]
        lines.append(row("ASK price", "size"))
        lines += book.top(.sell, count: depth).reversed().map { row(price($0.price), size($0.size)) }
        lines.append(String(repeating: "-", count: 34))
        lines += book.top(.buy, count: depth).map { row(price($0.price), size($0.size)) }
        lines.append(row("BID price", "size"))
        lines += ["", "last trades (newest first):"]
        lines += trades.map { "  \($0.takerSide == .buy ? "BUY " : "SELL") \(row(price($0.price), size($0.size)))  h\($0.height)" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func row(_ left: String, _ right: String) -> String {
        left.padding(toLength: 20, withPad: " ", startingAt: 0) + right
    }
}
