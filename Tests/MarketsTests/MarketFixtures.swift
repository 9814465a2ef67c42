import Foundation
import Markets

/// Shared inputs for the Markets tests: the repository's own market files, a valid market
/// file to break one key at a time, and scratch directories.
enum MarketFixtures {
    /// The repository root, found from this file's path so tests never read outside the repo.
    static let repoRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // MarketsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
        .path

    /// The shipped market files.
    static let shippedDirectory = repoRoot + "/Markets"

    /// The path every in-memory fixture pretends to come from.
    static let fileName = "Markets/BTC-USDT.toml"

    /// The keys and TOML literals of a valid BTC-USDT file, in file order.
    static let validLines: [(key: String, literal: String)] = [
        ("symbol", "\"BTC-USDT\""),
        ("base", "\"BTC\""),
        ("quote", "\"USDT\""),
        ("tick_size", "100_000"),
        ("lot_size", "1_000"),
        ("min_size", "10_000"),
        ("maker_fee_bps", "10"),
        ("taker_fee_bps", "20"),
        ("self_trade_policy", "\"cancel_resting\""),
        ("status", "\"active\""),
        ("base_decimals", "8"),
        ("quote_decimals", "6"),
    ]

    /// The definition `validLines` describe.
    static func validDefinition() throws -> MarketDefinition {
        try MarketDefinition(
            symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT",
            tickSize: 100_000, lotSize: 1_000, minSize: 10_000,
            makerFeeBps: 10, takerFeeBps: 20, status: .active,
            baseDecimals: 8, quoteDecimals: 6)
    }

    /// The valid file with `replacing` values substituted, `removing` keys left out and
    /// `adding` lines appended.
    static func toml(
        replacing: [String: String] = [:], removing: Set<String> = [], adding: [String] = []
    ) -> String {
        let lines = validLines
            .filter { !removing.contains($0.key) }
            .map { "\($0.key) = \(replacing[$0.key] ?? $0.literal)" }
        return (lines + adding).joined(separator: "\n") + "\n"
    }

    /// The valid file for `base`-`quote`, as `validLines` but with other assets.
    static func toml(base: String, quote: String) -> String {
        toml(replacing: ["symbol": "\"\(base)-\(quote)\"", "base": "\"\(base)\"", "quote": "\"\(quote)\""])
    }

    /// Runs `body` with a fresh empty directory, removed afterwards. `label` keeps the
    /// directories of tests running in parallel apart (no random names in tests).
    static func withScratchDirectory(_ label: String, _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lodestone-markets-\(ProcessInfo.processInfo.processIdentifier)-\(label)")
            .path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    /// Writes `text` to `directory/name`.
    static func write(_ text: String, to directory: String, name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
    }
}
