import Foundation
@testable import LodestoneReplay
import Matching
import Testing

@Suite("Market file")
struct MarketFileTests {
    @Test("reads every known key, ignores comments, tables and other keys")
    func readsKeys() throws {
        let rules = try MarketFile.rules(parsing: """
            # BTC-USDT
            [market]
            symbol = "BTC-USDT"   # not used by the replay
            tick_size = 5
            lot_size = 2
            min_size = 4
            maker_fee_bps = 1
            taker_fee_bps = 3
            self_trade_policy = "cancel_both" # comment
            """, path: "m.toml")
        #expect(rules == (try MarketRules(tickSize: 5, lotSize: 2, minSize: 4, makerFeeBps: 1, takerFeeBps: 3, selfTradePolicy: .cancelBoth)))
    }

    @Test("an empty file gives the defaults")
    func defaults() throws {
        #expect(try MarketFile.rules(parsing: "", path: "m.toml") == (try MarketRules()))
    }

    @Test("a bad line or invalid rules are refused invalid_market_file naming the file and line", arguments: [
        ("tick_size = ten", 1), ("tick_size", 1), ("\nself_trade_policy = \"cancel_everyone\"", 2), ("tick_size = 0", 0),
    ])
    func refused(text: String, line: Int) {
        #expect(throws: ReplayError.self) { try MarketFile.rules(parsing: text, path: "m.toml") }
        do {
            _ = try MarketFile.rules(parsing: text, path: "m.toml")
        } catch {
            #expect(error.name == "invalid_market_file")
            #expect(error.message.hasPrefix("m.toml:\(line):"))
        }
    }

    @Test("--market FILE builds the rules from the file; no option gives the defaults")
    func commandOption() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-market-\(getpid()).toml").path
        try "tick_size = 10\nself_trade_policy = \"cancel_taker\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rules = try ReplayCommand.parse(["--market", path]).marketRules()
        #expect(rules == (try MarketRules(tickSize: 10, selfTradePolicy: .cancelTaker)))
        #expect(try ReplayCommand.parse([]).marketRules() == (try MarketRules()))
        #expect(throws: ReplayError.unreadableInput(path: path + ".missing")) {
            try ReplayCommand.parse(["--market", path + ".missing"]).marketRules()
        }
    }
}
