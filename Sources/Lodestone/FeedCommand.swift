import ArgumentParser
import Foundation
import Gateway
import LodestoneWire
import ZeroMQ

/// `lodestone feed MARKET --json`: prints every message of a market's feeds as one JSON
/// object a line, and a gap line when a topic skips numbers.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print a market's feed messages (l2, l3, trades, blocks, heartbeats) as JSON lines.",
        discussion: "Each line: {\"topic\", \"sequence\", \"body\"}; a lost message shows as {\"gap\": {\"topic\", \"expected\", \"received\"}}.")

    static let pollMs = 1_000

    @Argument(help: "The market symbol, e.g. BTC-USDT.")
    var market: String

    @Flag(help: "Print JSON lines (the only format).")
    var json = false

    @Option(help: "The node's feed PUB endpoint.")
    var endpoint = "tcp://127.0.0.1:7421"

    @Option(help: "Stop after this many messages.")
    var count: Int?

    @Option(help: "Stop after this many seconds without a message.")
    var idleSeconds = 3_600

    func validate() throws {
        guard json else { throw ValidationError("give --json (JSON lines are the only output format)") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        guard (1...86_400).contains(idleSeconds) else { throw ValidationError("--idle-seconds must be 1...86400") }
    }

    func run() throws {
        let client = try FeedClient(context: ZMQContext(), feedEndpoint: endpoint, snapshotEndpoint: nil)
        defer { client.close() }
        for topic in try [FeedTopic.l2(market), .l3(market), .trades(market), .blocks] { try client.subscribe(topic) }
        var gaps = FeedGapCheck()
        var printed = 0
        var idleMs = 0
        while count.map({ printed < $0 }) ?? true, idleMs < idleSeconds * 1_000 {
            guard let message = try client.receive(timeoutMs: Self.pollMs) else {
                idleMs += Self.pollMs
                continue
            }
            idleMs = 0
            guard message.topic.market == nil || message.topic.market == market else { continue }
            if let gap = gaps.observe(message) { print(gap.jsonLine) }
            print(try message.jsonLine())
            printed += 1
        }
    }
}
