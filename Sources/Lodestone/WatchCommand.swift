import ArgumentParser
import Foundation
import Gateway
import LodestoneWire
import Matching
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

    func validate() throws {
        if let seconds { guard (1...86_400).contains(seconds) else { throw ValidationError("--seconds must be 1...86400") } }
    }

    func run() throws {
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
            case let .trade(trade): trades = Array(([trade] + trades).prefix(Self.depth)); dirty = true
            case .updated, .resynced: dirty = true
            case .idle: break
            }
            let now = DispatchTime.now().uptimeNanoseconds
            guard dirty, now - lastDrawNs >= Self.redrawIntervalMs * 1_000_000 else { continue }
            // Unbuffered, so each frame shows whole and at once.
            Self.write(Self.screen(follower, trades: trades))
            lastDrawNs = now
            dirty = false
        }
    }

    /// The whole screen: clear, header, asks (best at the bottom), bids, trades.
    static func screen(_ follower: L2Follower, trades: [Lodestone_V1_Trade]) -> String {
        let book = follower.book
        var lines = ["\u{1B}[H\u{1B}[2J\(follower.market)  height \(book.height)  l2 seq \(book.sequence)  resyncs \(follower.resyncCount)", ""]
        lines.append(row("ASK price", "size"))
        lines += book.top(.sell, count: depth).reversed().map { row(String($0.price), String($0.size)) }
        lines.append(String(repeating: "-", count: 34))
        lines += book.top(.buy, count: depth).map { row(String($0.price), String($0.size)) }
        lines.append(row("BID price", "size"))
        lines += ["", "last trades (newest first):"]
        lines += trades.map { "  \($0.takerSide == .buy ? "BUY " : "SELL") \(row(String($0.price), String($0.size)))  h\($0.height)" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func row(_ left: String, _ right: String) -> String {
        left.padding(toLength: 20, withPad: " ", startingAt: 0) + right
    }
}
