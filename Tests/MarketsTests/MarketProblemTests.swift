import Markets
import Testing

@Suite("MarketProblem codes")
struct MarketProblemTests {
    /// One value of every case.
    private let everyProblem: [MarketProblem] = [
        .unreadable(reason: "r"), .invalidSyntax(line: 1, column: 2, reason: "r"), .missingKey, .unknownKey,
        .wrongType(expected: "a", found: "b"), .outOfRange(rule: "r"), .notMultiple(rule: "r"),
        .malformed(rule: "r"), .badEnumValue(value: "v", allowed: ["a"]),
        .symbolMismatch(symbol: "A-B", fileName: "B-A.toml"), .duplicateSymbol(symbol: "A-B", firstPath: "p"),
        .fileTooLarge(limitBytes: 1), .tooManyMarkets(limit: 1),
    ]

    @Test("every problem has its own code in 5001...5013 and its own market_ snake_case name")
    func distinctCodesAndNames() {
        let codes = everyProblem.map(\.code)
        #expect(codes == Array(5001...5013))
        let names = everyProblem.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.hasPrefix("market_"))
            #expect(name.allSatisfy { $0 == "_" || ("a"..."z").contains($0) })
        }
    }

    @Test("a file error's description is name (code): path: key 'k': rule")
    func fileErrorDescription() {
        let error = MarketFileError(path: "Markets/BTC-USDT.toml", key: "lot_size", problem: .notMultiple(rule: "r"))
        #expect(error.description == "market_value_not_multiple (5007): Markets/BTC-USDT.toml: key 'lot_size': r")
        let rule = MarketRuleError(key: "lot_size", problem: .notMultiple(rule: "r"))
        #expect(MarketFileError(path: "Markets/BTC-USDT.toml", rule: rule) == error)
    }
}
