import Foundation
import Markets
import Testing

/// Parses `toml` as `fileName` and checks the error names the file, the key and the rule.
private func expectParseError(
    _ toml: String, code: UInt16, key: String?, message: String,
    fileName: String = MarketFixtures.fileName,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = #expect(throws: MarketFileError.self, sourceLocation: sourceLocation) {
        try MarketDefinition.parse(toml: toml, fileName: fileName)
    }
    #expect(error?.code == code, sourceLocation: sourceLocation)
    #expect(error?.path == fileName, sourceLocation: sourceLocation)
    #expect(error?.key == key, sourceLocation: sourceLocation)
    #expect(error?.message == message, sourceLocation: sourceLocation)
}

@Suite("MarketDefinition.parse and load")
struct MarketDefinitionTOMLTests {
    @Test("a valid file parses to exactly the definition it describes")
    func validFile() throws {
        let parsed = try MarketDefinition.parse(toml: MarketFixtures.toml(), fileName: MarketFixtures.fileName)
        #expect(parsed == (try MarketFixtures.validDefinition()))
    }

    @Test("self_trade_policy may be left out and then is cancel_resting")
    func defaultPolicy() throws {
        let toml = MarketFixtures.toml(removing: ["self_trade_policy"])
        let parsed = try MarketDefinition.parse(toml: toml, fileName: MarketFixtures.fileName)
        #expect(parsed.selfTradePolicy == .cancelResting)
    }

    @Test("every policy and status string maps to its case, price bounds are read when present")
    func choicesAndBounds() throws {
        let toml = MarketFixtures.toml(
            replacing: ["self_trade_policy": "\"cancel_both\"", "status": "\"halted\""],
            adding: ["min_price_ticks = 5", "max_price_ticks = 9"])
        let parsed = try MarketDefinition.parse(toml: toml, fileName: MarketFixtures.fileName)
        #expect(parsed.selfTradePolicy == .cancelBoth)
        #expect(parsed.status == .halted)
        #expect(parsed.minPriceTicks == 5)
        #expect(parsed.maxPriceTicks == 9)
    }

    @Test("tick_size = 0 is market_value_out_of_range (5006) naming file, key and rule")
    func zeroTick() {
        expectParseError(
            MarketFixtures.toml(replacing: ["tick_size": "0"]), code: 5006, key: "tick_size",
            message: "Markets/BTC-USDT.toml: key 'tick_size': must be greater than 0")
    }

    @Test("min_size not a multiple of lot_size is market_value_not_multiple (5007)")
    func minSizeNotMultiple() {
        expectParseError(
            MarketFixtures.toml(replacing: ["min_size": "10_500"]), code: 5007, key: "min_size",
            message: "Markets/BTC-USDT.toml: key 'min_size': must be a multiple of lot_size (1000)")
    }

    @Test("min_size under lot_size is market_value_out_of_range (5006)")
    func minSizeUnderLot() {
        expectParseError(
            MarketFixtures.toml(replacing: ["min_size": "500"]), code: 5006, key: "min_size",
            message: "Markets/BTC-USDT.toml: key 'min_size': must be at least lot_size (1000)")
    }

    @Test("a misspelt key is market_key_unknown (5004) naming the misspelling")
    func unknownKey() {
        expectParseError(
            MarketFixtures.toml(adding: ["tick_sise = 1"]), code: 5004, key: "tick_sise",
            message: "Markets/BTC-USDT.toml: key 'tick_sise': is not a market key (typo?)")
    }

    @Test("a TOML table where keys belong is market_key_unknown (5004) naming the table")
    func unknownTable() {
        expectParseError(
            MarketFixtures.toml(adding: ["[fees]", "maker = 1"]), code: 5004, key: "fees",
            message: "Markets/BTC-USDT.toml: key 'fees': is not a market key (typo?)")
    }

    @Test("a missing required key is market_key_missing (5003)")
    func missingKey() {
        expectParseError(
            MarketFixtures.toml(removing: ["status"]), code: 5003, key: "status",
            message: "Markets/BTC-USDT.toml: key 'status': is required but missing")
    }

    @Test("a string or a float where an integer belongs is market_key_wrong_type (5005)")
    func wrongType() {
        expectParseError(
            MarketFixtures.toml(replacing: ["tick_size": "\"10000\""]), code: 5005, key: "tick_size",
            message: "Markets/BTC-USDT.toml: key 'tick_size': must be a TOML integer, found a TOML string")
        expectParseError(
            MarketFixtures.toml(replacing: ["tick_size": "0.01"]), code: 5005, key: "tick_size",
            message:
                "Markets/BTC-USDT.toml: key 'tick_size': must be a TOML integer, found a TOML floating-point number")
    }

    @Test("an integer where a string belongs is market_key_wrong_type (5005)")
    func integerForString() {
        expectParseError(
            MarketFixtures.toml(replacing: ["base": "7"]), code: 5005, key: "base",
            message: "Markets/BTC-USDT.toml: key 'base': must be a TOML string, found a TOML integer")
    }

    @Test("a self_trade_policy outside its choices is market_value_not_allowed (5009), listing them")
    func badPolicy() {
        expectParseError(
            MarketFixtures.toml(replacing: ["self_trade_policy": "\"cancel_newest\""]), code: 5009,
            key: "self_trade_policy",
            message: "Markets/BTC-USDT.toml: key 'self_trade_policy': "
                + "'cancel_newest' is not one of 'cancel_resting', 'cancel_taker', 'cancel_both'")
    }

    @Test("a status outside its choices is market_value_not_allowed (5009), listing them")
    func badStatus() {
        expectParseError(
            MarketFixtures.toml(replacing: ["status": "\"Active\""]), code: 5009, key: "status",
            message: "Markets/BTC-USDT.toml: key 'status': 'Active' is not one of 'active', 'halted', 'closed'")
    }

    @Test("a symbol that is not the file's name is market_symbol_file_mismatch (5010)")
    func symbolFileMismatch() {
        expectParseError(
            MarketFixtures.toml(), code: 5010, key: "symbol",
            message: "Markets/BTC-USD.toml: key 'symbol': 'BTC-USDT' must be defined in 'BTC-USDT.toml', "
                + "not 'BTC-USD.toml'",
            fileName: "Markets/BTC-USD.toml")
    }

    @Test("invalid TOML syntax is market_file_invalid_toml (5002) with TOMLKit's line and column")
    func invalidSyntax() {
        let toml = MarketFixtures.toml(replacing: ["lot_size": "= 3"])
        let error = #expect(throws: MarketFileError.self) {
            try MarketDefinition.parse(toml: toml, fileName: MarketFixtures.fileName)
        }
        #expect(error?.code == 5002)
        #expect(error?.key == nil)
        guard case .invalidSyntax(let line, let column, _) = error?.problem else {
            Issue.record("expected invalidSyntax, got \(String(describing: error))")
            return
        }
        #expect(line == 5)
        #expect(column == 12)
        #expect(error?.message.hasPrefix("Markets/BTC-USDT.toml: line 5, column 12: invalid TOML: ") == true)
    }

    @Test("a key given twice in one file is market_file_invalid_toml (5002) at the second one")
    func repeatedKey() {
        expectParseError(
            MarketFixtures.toml(adding: ["status = \"closed\""]), code: 5002, key: nil,
            message: "Markets/BTC-USDT.toml: line 13, column 10: invalid TOML: "
                + "Error while parsing key-value pair: cannot redefine existing string 'status'")
    }

    @Test("a NUL byte is invalid TOML at its position, never a silently shortened file")
    func nulByte() {
        expectParseError(
            MarketFixtures.toml() + "\u{0}status = 1\n", code: 5002, key: nil,
            message: "Markets/BTC-USDT.toml: line 13, column 1: invalid TOML: NUL byte")
    }

    @Test("a negative fee is market_value_out_of_range (5006): maker fees may not be negative")
    func negativeFee() {
        expectParseError(
            MarketFixtures.toml(replacing: ["maker_fee_bps": "-2"]), code: 5006, key: "maker_fee_bps",
            message: "Markets/BTC-USDT.toml: key 'maker_fee_bps': must not be negative")
    }

    @Test("a fee over 1000 bps is market_value_out_of_range (5006)")
    func feeTooHigh() {
        expectParseError(
            MarketFixtures.toml(replacing: ["taker_fee_bps": "1001"]), code: 5006, key: "taker_fee_bps",
            message: "Markets/BTC-USDT.toml: key 'taker_fee_bps': must be at most 1000")
    }

    @Test("an integer too large for its field is market_value_out_of_range (5006)")
    func tooLargeForField() {
        expectParseError(
            MarketFixtures.toml(replacing: ["base_decimals": "256"]), code: 5006, key: "base_decimals",
            message: "Markets/BTC-USDT.toml: key 'base_decimals': must be at most 255")
    }

    @Test("a file over 64 KiB is market_file_too_large (5012) without being parsed")
    func fileTooLarge() {
        let padding = "# " + String(repeating: "x", count: MarketLimits.fileMaxBytes) + "\n"
        expectParseError(
            padding + MarketFixtures.toml(), code: 5012, key: nil,
            message: "Markets/BTC-USDT.toml: file is larger than 65536 bytes")
    }

    @Test("load(path:) reads and parses a file from disk")
    func loadFromDisk() throws {
        let path = MarketFixtures.shippedDirectory + "/BTC-USDT.toml"
        let loaded = try MarketDefinition.load(path: path)
        #expect(loaded.symbol == "BTC-USDT")
    }

    @Test("load(path:) of a missing file is market_file_unreadable (5001) naming the path")
    func loadMissingFile() {
        let path = MarketFixtures.shippedDirectory + "/NOPE-USDT.toml"
        let error = #expect(throws: MarketFileError.self) { try MarketDefinition.load(path: path) }
        #expect(error == MarketFileError(path: path, problem: .unreadable(reason: "cannot open the file")))
    }

    @Test("load(path:) of bytes that are not UTF-8 is market_file_unreadable (5001)")
    func loadNotUTF8() throws {
        try MarketFixtures.withScratchDirectory("not-utf8") { directory in
            let path = directory + "/BTC-USDT.toml"
            try Data([0x73, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: MarketFileError.self) { try MarketDefinition.load(path: path) }
            #expect(error == MarketFileError(path: path, problem: .unreadable(reason: "not UTF-8 text")))
        }
    }
}
