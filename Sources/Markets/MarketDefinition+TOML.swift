/// Reading a market definition from a market file (format: docs/MARKETS.md).
extension MarketDefinition {
    /// Parses the text of one market file.
    ///
    /// - Parameters:
    ///   - toml: the file's text.
    ///   - fileName: the file's path, reported in errors; its last component must be
    ///     `<symbol>.toml`.
    /// - Throws: `MarketFileError` naming `fileName`, the key at fault and the rule broken:
    ///   invalid TOML, unknown key, missing key, wrong type, value out of range, not a
    ///   multiple, malformed or not-allowed string, or symbol not matching the file name.
    public static func parse(toml: String, fileName: String) throws(MarketFileError) -> MarketDefinition {
        let table = try MarketTable(toml: toml, path: fileName)
        try table.rejectUnknownKeys()
        let definition = try definition(from: table)
        try definition.checkFileName(fileName)
        return definition
    }

    /// Reads and parses the market file at `path`.
    ///
    /// - Throws: `MarketFileError` as `parse(toml:fileName:)` does, or because the file cannot
    ///   be read or is larger than `MarketLimits.fileMaxBytes`.
    public static func load(path: String) throws(MarketFileError) -> MarketDefinition {
        try parse(toml: MarketFileSystem.readText(path: path), fileName: path)
    }

    /// Reads every key first, so a file's type and range problems come before rule problems.
    private static func definition(from table: MarketTable) throws(MarketFileError) -> MarketDefinition {
        let symbol = try table.string(.symbol)
        let baseAsset = try table.string(.base)
        let quoteAsset = try table.string(.quote)
        let tickSize: UInt64 = try table.unsigned(.tickSize)
        let lotSize: UInt64 = try table.unsigned(.lotSize)
        let minSize: UInt64 = try table.unsigned(.minSize)
        let makerFeeBps: UInt16 = try table.unsigned(.makerFeeBps)
        let takerFeeBps: UInt16 = try table.unsigned(.takerFeeBps)
        let selfTradePolicy: SelfTradePolicy = try table.optional(.selfTradePolicy, table.choice) ?? .cancelResting
        let status: MarketStatus = try table.choice(.status)
        let minPriceTicks: UInt64? = try table.optional(.minPriceTicks, table.unsigned)
        let maxPriceTicks: UInt64? = try table.optional(.maxPriceTicks, table.unsigned)
        let baseDecimals: UInt8 = try table.unsigned(.baseDecimals)
        let quoteDecimals: UInt8 = try table.unsigned(.quoteDecimals)
        do {
            return try MarketDefinition(
                symbol: symbol, baseAsset: baseAsset, quoteAsset: quoteAsset,
                tickSize: tickSize, lotSize: lotSize, minSize: minSize,
                makerFeeBps: makerFeeBps, takerFeeBps: takerFeeBps,
                selfTradePolicy: selfTradePolicy, status: status,
                minPriceTicks: minPriceTicks, maxPriceTicks: maxPriceTicks,
                baseDecimals: baseDecimals, quoteDecimals: quoteDecimals)
        } catch {
            throw MarketFileError(path: table.path, rule: error)
        }
    }

    private func checkFileName(_ fileName: String) throws(MarketFileError) {
        let lastComponent = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard lastComponent == "\(symbol).toml" else {
            let problem = MarketProblem.symbolMismatch(symbol: symbol, fileName: lastComponent)
            throw MarketFileError(path: fileName, key: MarketKey.symbol.rawValue, problem: problem)
        }
    }
}
