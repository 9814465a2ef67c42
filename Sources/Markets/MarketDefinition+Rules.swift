/// The market rules, checked in a fixed order so that the first problem reported is always
/// the same one: the assets come first because the symbol is made from them.
extension MarketDefinition {
    func checkRules() throws(MarketRuleError) {
        try checkAssets()
        try checkSymbol()
        try checkGrid()
        try checkFee(makerFeeBps, .makerFeeBps)
        try checkFee(takerFeeBps, .takerFeeBps)
        try checkPriceBounds()
        try checkDecimals(baseDecimals, .baseDecimals)
        try checkDecimals(quoteDecimals, .quoteDecimals)
        try checkWholeNotional()
    }

    /// Every fill's quote amount, `size × price / 10^base_decimals`, must be a whole number of
    /// quote minor units, so settlement never rounds a trade's value: it suffices that one lot
    /// at one tick is whole, i.e. `lot_size × tick_size` is a multiple of `10^base_decimals`.
    private func checkWholeNotional() throws(MarketRuleError) {
        let unit = Self.baseUnit(decimals: baseDecimals)
        let product = lotSize.multipliedFullWidth(by: tickSize)
        let remainder = unit.dividingFullWidth((product.high % unit, product.low)).remainder
        try require(
            remainder == 0, .lotSize,
            .notMultiple(rule: "lot_size × tick_size (\(lotSize) × \(tickSize)) must be a multiple of 10^base_decimals (\(unit))"))
    }

    /// `10^decimals`: minor units in one whole base unit (decimals ≤ 18 fits in 64 bits).
    public static func baseUnit(decimals: UInt8) -> UInt64 {
        (0..<decimals).reduce(UInt64(1)) { unit, _ in unit * 10 }
    }

    private func checkAssets() throws(MarketRuleError) {
        let rule = "must be 1 to \(MarketLimits.assetMaxChars) characters of A-Z and 0-9"
        try require(Self.isAssetSymbol(baseAsset), .base, .malformed(rule: rule))
        try require(Self.isAssetSymbol(quoteAsset), .quote, .malformed(rule: rule))
        try require(quoteAsset != baseAsset, .quote, .malformed(rule: "must differ from base '\(baseAsset)'"))
    }

    private func checkSymbol() throws(MarketRuleError) {
        // Assets are A-Z0-9 and at most 12 characters each, so `base-quote` has exactly one
        // '-'; only its length and its agreement with the assets are left to check.
        let expected = "\(baseAsset)-\(quoteAsset)"
        try require(symbol == expected, .symbol, .malformed(rule: "'\(symbol)' must be base-quote, '\(expected)'"))
        try require(
            symbol.utf8.count <= MarketLimits.symbolMaxChars, .symbol,
            .malformed(rule: "must be at most \(MarketLimits.symbolMaxChars) characters"))
    }

    private func checkGrid() throws(MarketRuleError) {
        try require(tickSize > 0, .tickSize, .outOfRange(rule: "must be greater than 0"))
        try require(lotSize > 0, .lotSize, .outOfRange(rule: "must be greater than 0"))
        try require(minSize >= lotSize, .minSize, .outOfRange(rule: "must be at least lot_size (\(lotSize))"))
        try require(
            minSize % lotSize == 0, .minSize, .notMultiple(rule: "must be a multiple of lot_size (\(lotSize))"))
    }

    private func checkFee(_ feeBps: UInt16, _ key: MarketKey) throws(MarketRuleError) {
        try require(
            feeBps <= MarketLimits.feeMaxBps, key, .outOfRange(rule: "must be at most \(MarketLimits.feeMaxBps)"))
    }

    private func checkPriceBounds() throws(MarketRuleError) {
        try checkPriceTicks(minPriceTicks, .minPriceTicks)
        try checkPriceTicks(maxPriceTicks, .maxPriceTicks)
        guard let minPriceTicks, let maxPriceTicks else { return }
        try require(
            maxPriceTicks >= minPriceTicks, .maxPriceTicks,
            .outOfRange(rule: "must be at least min_price_ticks (\(minPriceTicks))"))
    }

    /// A bound in ticks must be a price that exists: at least one tick, and a whole price
    /// (ticks × tick_size) that fits in 64 bits.
    private func checkPriceTicks(_ ticks: UInt64?, _ key: MarketKey) throws(MarketRuleError) {
        guard let ticks else { return }
        try require(ticks > 0, key, .outOfRange(rule: "must be greater than 0"))
        try require(
            !ticks.multipliedReportingOverflow(by: tickSize).overflow, key,
            .outOfRange(rule: "times tick_size (\(tickSize)) must fit in 64 bits"))
    }

    private func checkDecimals(_ decimals: UInt8, _ key: MarketKey) throws(MarketRuleError) {
        try require(
            decimals <= MarketLimits.decimalsMax, key, .outOfRange(rule: "must be at most \(MarketLimits.decimalsMax)"))
    }

    private func require(_ holds: Bool, _ key: MarketKey, _ problem: MarketProblem) throws(MarketRuleError) {
        guard holds else { throw MarketRuleError(key: key.rawValue, problem: problem) }
    }

    /// 1 to 12 characters of ASCII A-Z and 0-9.
    static func isAssetSymbol(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...MarketLimits.assetMaxChars).contains(bytes.count) else { return false }
        return bytes.allSatisfy(isUppercaseLetterOrDigit)
    }

    private static func isUppercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
