import Markets
import Testing

/// The valid BTC-USDT definition with some fields changed.
private func make(
    symbol: String = "BTC-USDT", base: String = "BTC", quote: String = "USDT",
    tickSize: UInt64 = 100_000, lotSize: UInt64 = 1_000, minSize: UInt64 = 10_000,
    makerFeeBps: UInt16 = 10, takerFeeBps: UInt16 = 20,
    minPriceTicks: UInt64? = nil, maxPriceTicks: UInt64? = nil,
    baseDecimals: UInt8 = 8, quoteDecimals: UInt8 = 6
) throws(MarketRuleError) -> MarketDefinition {
    try MarketDefinition(
        symbol: symbol, baseAsset: base, quoteAsset: quote,
        tickSize: tickSize, lotSize: lotSize, minSize: minSize,
        makerFeeBps: makerFeeBps, takerFeeBps: takerFeeBps,
        selfTradePolicy: .cancelTaker, status: .active,
        minPriceTicks: minPriceTicks, maxPriceTicks: maxPriceTicks,
        baseDecimals: baseDecimals, quoteDecimals: quoteDecimals)
}

/// Checks that `build` throws exactly `MarketRuleError(key: key, problem: problem)`.
private func expectRule(
    _ key: String, _ problem: MarketProblem,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ build: () throws(MarketRuleError) -> MarketDefinition
) {
    let error = #expect(throws: MarketRuleError.self, sourceLocation: sourceLocation) { try build() }
    #expect(error == MarketRuleError(key: key, problem: problem), sourceLocation: sourceLocation)
}

private let assetRule = MarketProblem.malformed(rule: "must be 1 to 12 characters of A-Z and 0-9")

@Suite("MarketDefinition rules")
struct MarketDefinitionTests {
    @Test("a valid definition keeps every field exactly as given")
    func keepsFields() throws {
        let market = try make(minPriceTicks: 3, maxPriceTicks: 7)
        #expect(market.symbol == "BTC-USDT")
        #expect(market.baseAsset == "BTC")
        #expect(market.quoteAsset == "USDT")
        #expect(market.tickSize == 100_000)
        #expect(market.lotSize == 1_000)
        #expect(market.minSize == 10_000)
        #expect(market.makerFeeBps == 10)
        #expect(market.takerFeeBps == 20)
        #expect(market.selfTradePolicy == .cancelTaker)
        #expect(market.status == .active)
        #expect(market.minPriceTicks == 3)
        #expect(market.maxPriceTicks == 7)
        #expect(market.baseDecimals == 8)
        #expect(market.quoteDecimals == 6)
    }

    @Test("assets are 1 to 12 characters of A-Z and 0-9; anything else is malformed (5008)")
    func assetForm() throws {
        for bad in ["", "btc", "BT-C", "BTÇ", "ABCDEFGHIJKLM"] {
            expectRule("base", assetRule) { () throws(MarketRuleError) in try make(symbol: "\(bad)-USDT", base: bad) }
            expectRule("quote", assetRule) { () throws(MarketRuleError) in try make(symbol: "BTC-\(bad)", quote: bad) }
        }
        #expect(try make(symbol: "A1-USDT", base: "A1").baseAsset == "A1")
    }

    @Test("quote equal to base is malformed (5008)")
    func sameAssets() {
        expectRule("quote", .malformed(rule: "must differ from base 'BTC'")) { () throws(MarketRuleError) in
            try make(symbol: "BTC-BTC", quote: "BTC")
        }
    }

    @Test("the symbol must be exactly base-quote, else malformed (5008)")
    func symbolIsBaseQuote() {
        for bad in ["btc-usdt", "BTC_USDT", "USDT-BTC", "BTC-USDT-X", "BTCUSDT"] {
            expectRule("symbol", .malformed(rule: "'\(bad)' must be base-quote, 'BTC-USDT'")) {
                () throws(MarketRuleError) in try make(symbol: bad)
            }
        }
    }

    @Test("a symbol over 16 characters is malformed (5008), 16 is allowed")
    func symbolLength() throws {
        expectRule("symbol", .malformed(rule: "must be at most 16 characters")) { () throws(MarketRuleError) in
            try make(symbol: "ABCDEFGHIJ-KLMNOP", base: "ABCDEFGHIJ", quote: "KLMNOP")
        }
        #expect(try make(symbol: "ABCDEFGHIJ-KLMNO", base: "ABCDEFGHIJ", quote: "KLMNO").symbol.count == 16)
    }

    @Test("zero lot size is out of range (5006)")
    func zeroLot() {
        expectRule("lot_size", .outOfRange(rule: "must be greater than 0")) { () throws(MarketRuleError) in
            try make(lotSize: 0)
        }
    }

    @Test("fees are 0 to 1000 bps: 1001 is out of range (5006), 0 and 1000 are allowed")
    func feeRange() throws {
        expectRule("maker_fee_bps", .outOfRange(rule: "must be at most 1000")) { () throws(MarketRuleError) in
            try make(makerFeeBps: 1001)
        }
        expectRule("taker_fee_bps", .outOfRange(rule: "must be at most 1000")) { () throws(MarketRuleError) in
            try make(takerFeeBps: .max)
        }
        #expect(try make(makerFeeBps: 0, takerFeeBps: 1000).takerFeeBps == 1000)
    }

    @Test("decimals are 0 to 18: 19 is out of range (5006)")
    func decimalsRange() throws {
        expectRule("base_decimals", .outOfRange(rule: "must be at most 18")) { () throws(MarketRuleError) in
            try make(baseDecimals: 19)
        }
        expectRule("quote_decimals", .outOfRange(rule: "must be at most 18")) { () throws(MarketRuleError) in
            try make(quoteDecimals: 19)
        }
        #expect(try make(baseDecimals: 0, quoteDecimals: 18).quoteDecimals == 18)
    }

    @Test("price bounds must be positive, ordered, and a price that fits in 64 bits")
    func priceBounds() throws {
        expectRule("min_price_ticks", .outOfRange(rule: "must be greater than 0")) { () throws(MarketRuleError) in
            try make(minPriceTicks: 0)
        }
        expectRule("max_price_ticks", .outOfRange(rule: "must be at least min_price_ticks (5)")) {
            () throws(MarketRuleError) in try make(minPriceTicks: 5, maxPriceTicks: 4)
        }
        let overflow = MarketProblem.outOfRange(rule: "times tick_size (100000) must fit in 64 bits")
        expectRule("max_price_ticks", overflow) { () throws(MarketRuleError) in
            try make(maxPriceTicks: UInt64.max / 100_000 + 1)
        }
        #expect(try make(minPriceTicks: 5, maxPriceTicks: UInt64.max / 100_000).minPriceTicks == 5)
    }

    @Test("the rule error's message names the key and the rule")
    func ruleMessage() {
        let error = #expect(throws: MarketRuleError.self) { () throws(MarketRuleError) in try make(tickSize: 0) }
        #expect(error?.message == "key 'tick_size': must be greater than 0")
        #expect(error?.description == "market_value_out_of_range (5006): key 'tick_size': must be greater than 0")
    }
}

@Suite("MarketDefinition whole-notional rule")
struct MarketWholeNotionalTests {
    @Test("lot × tick not a multiple of 10^base_decimals is market_value_not_multiple (5007) on lot_size; a multiple is accepted")
    func wholeNotional() throws {
        #expect(throws: MarketRuleError(key: "lot_size", problem: .notMultiple(
            rule: "lot_size × tick_size (1000 × 10000) must be a multiple of 10^base_decimals (100000000)"))) {
            try MarketDefinition(
                symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: 10_000, lotSize: 1_000,
                minSize: 10_000, makerFeeBps: 0, takerFeeBps: 0, status: .active, baseDecimals: 8, quoteDecimals: 6)
        }
        let whole = try MarketDefinition(
            symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: 10_000, lotSize: 10_000,
            minSize: 10_000, makerFeeBps: 0, takerFeeBps: 0, status: .active, baseDecimals: 8, quoteDecimals: 6)
        #expect(whole.lotSize == 10_000)
        #expect(MarketDefinition.baseUnit(decimals: 18) == 1_000_000_000_000_000_000)
    }
}
