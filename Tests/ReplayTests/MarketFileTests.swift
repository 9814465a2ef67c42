import Foundation
@testable import LodestoneReplay
import Matching
import Testing

@Suite("Market file")
struct MarketFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("--market Markets/BTC-USDT.toml gives the file's tick, lot, minimum, fees and policy in raw units")
    func shippedMarket() throws {
        let path = Self.repository.appendingPathComponent("Markets/BTC-USDT.toml").path
        let rules = try ReplayCommand.parse(["--market", path]).marketRules()
        #expect(rules.tickSize == 10_000 && rules.lotSize == 10_000 && rules.minSize == 10_000)
        #expect(rules.makerFeeBps == 10 && rules.takerFeeBps == 20 && rules.selfTradePolicy == .cancelResting)
        #expect(rules.priceBounds == 1_000_000...1_000_000_000_000)
        #expect(rules.priceBounds.upperBound.multipliedReportingOverflow(by: rules.maxSize).overflow == false)
    }

    @Test("no option gives the defaults")
    func defaults() throws {
        #expect(try ReplayCommand.parse([]).marketRules() == (try MarketRules()))
    }

    @Test("a missing or invalid market file is invalid_market_file naming the file and the Markets error")
    func refused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("BTC-USDT.toml").path
        try "symbol = \"BTC-USDT\"\ntick_size = 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for candidate in [path, path + ".missing"] {
            do {
                _ = try ReplayCommand.parse(["--market", candidate]).marketRules()
                Issue.record("\(candidate) should be refused")
            } catch let error as ReplayError {
                #expect(error.name == "invalid_market_file")
                #expect(error.message.hasPrefix(candidate))
            }
        }
    }
}
