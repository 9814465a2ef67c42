import Matching

/// Reads a market's rules from a small TOML subset: `key = value` lines with integer or
/// quoted-string values, `#` comments and blank lines. Known keys: tick_size, lot_size,
/// min_size, maker_fee_bps, taker_fee_bps, self_trade_policy; other keys (symbol, status, …)
/// are ignored. Kept in this one file so the Markets module can replace it.
enum MarketFile {
    /// Longest market file read.
    static let maxBytes = 64 * 1024

    /// Parses `text` (the contents of `path`) into rules; missing keys keep their defaults.
    static func rules(parsing text: String, path: String) throws(ReplayError) -> MarketRules {
        guard text.utf8.count <= maxBytes else { throw .invalidMarketFile(path: path, line: 0, reason: "larger than \(maxBytes) bytes") }
        var integers: [String: Int64] = [:]
        var policy = SelfTradePolicy.cancelResting
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let fail = { (reason: String) in ReplayError.invalidMarketFile(path: path, line: line, reason: reason) }
            let content = stripComment(raw).trimmed
            guard !content.isEmpty, !content.hasPrefix("[") else { continue }
            guard let equals = content.firstIndex(of: "=") else { throw fail("expected 'key = value'") }
            let key = String(content[..<equals].trimmed)
            let value = content[content.index(after: equals)...].trimmed
            switch key {
            case "tick_size", "lot_size", "min_size", "maker_fee_bps", "taker_fee_bps":
                guard let number = Int64(value) else { throw fail("'\(key)' must be an integer") }
                integers[key] = number
            case "self_trade_policy":
                guard let parsed = selfTradePolicy(value) else {
                    throw fail("self_trade_policy must be \"cancel_resting\", \"cancel_taker\" or \"cancel_both\"")
                }
                policy = parsed
            default:
                continue
            }
        }
        do {
            return try MarketRules(
                tickSize: integers["tick_size"] ?? 1, lotSize: integers["lot_size"] ?? 1, minSize: integers["min_size"] ?? 1,
                makerFeeBps: integers["maker_fee_bps"] ?? 0, takerFeeBps: integers["taker_fee_bps"] ?? 0,
                selfTradePolicy: policy)
        } catch {
            throw .invalidMarketFile(path: path, line: 0, reason: error.message)
        }
    }

    private static func selfTradePolicy(_ value: Substring) -> SelfTradePolicy? {
        switch value {
        case "\"cancel_resting\"": .cancelResting
        case "\"cancel_taker\"": .cancelTaker
        case "\"cancel_both\"": .cancelBoth
        default: nil
        }
    }

    /// The line without a `#` comment (a `#` inside a quoted string is kept).
    private static func stripComment(_ line: Substring) -> Substring {
        var quoted = false
        for index in line.indices {
            if line[index] == "\"" { quoted.toggle() }
            if line[index] == "#", !quoted { return line[..<index] }
        }
        return line
    }
}

extension Substring {
    fileprivate var trimmed: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<Swift.max(start, end)]
    }
}
