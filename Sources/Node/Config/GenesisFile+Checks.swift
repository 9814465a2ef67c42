import Chain
import Crypto
import Ledger
import Markets
import Primitives

extension GenesisFile {
    /// The genesis this file describes, after checking every field against its bounds and
    /// the others (listed assets, decimals that match the markets', valid keys).
    public func genesis(path: String) throws(NodeError) -> Genesis {
        let check = FieldCheck(path: path)
        let cryptoSuite = try suite(check)
        try check.that(!chainName.isEmpty && chainName.utf8.count <= Self.chainNameBytesMax, "chain_name", "must be 1...\(Self.chainNameBytesMax) bytes")
        try check.that(Self.blockIntervalMsAllowed.contains(blockIntervalMs), "block_interval_ms",
                       "must be \(Self.blockIntervalMsAllowed.lowerBound)...\(Self.blockIntervalMsAllowed.upperBound)")
        let assets = try assetDefinitions(check)
        try check.that(assets.keys.contains(nativeAsset), "native_asset", "'\(nativeAsset)' is not in assets")
        try check.that(allocations.count <= Self.allocationsMax, "allocations", "at most \(Self.allocationsMax)")
        var allocated = [Chain.Allocation]()
        // Each asset's supply must fit an amount, or balances and conservation checks overflow.
        var supply = [String: UInt64]()
        for (index, entry) in allocations.enumerated() {
            let field = "allocations[\(index)]"
            try check.that(assets.keys.contains(entry.asset), "\(field).asset", "'\(entry.asset)' is not in assets")
            try check.that(entry.amount > 0, "\(field).amount", "must be positive")
            let (total, overflow) = supply[entry.asset, default: 0].addingReportingOverflow(entry.amount)
            try check.that(!overflow, "\(field).amount",
                           "takes the genesis supply of \(entry.asset) past \(UInt64.max), the largest amount")
            supply[entry.asset] = total
            let key = try check.publicKey(entry.publicKey, field: "\(field).public_key", suite: cryptoSuite)
            allocated.append(Chain.Allocation(asset: entry.asset, amount: Amount(entry.amount), program: .payToKey(key)))
        }
        try check.that((1...Self.validatorsMax).contains(validators.count), "validators", "must list 1...\(Self.validatorsMax) keys")
        var validatorKeys = [PublicKey]()
        for (index, hex) in validators.enumerated() {
            validatorKeys.append(try check.publicKey(hex, field: "validators[\(index)]", suite: cryptoSuite))
        }
        try check.that(Set(validatorKeys).count == validatorKeys.count, "validators", "must be distinct")
        let collector = try check.publicKey(feeCollector, field: "fee_collector", suite: cryptoSuite)
        return Genesis(
            chainName: chainName, timestampMs: timestampMs, blockIntervalMs: blockIntervalMs, suite: cryptoSuite.id,
            nativeAsset: nativeAsset, assets: self.assets.map { AssetDefinition(symbol: $0.symbol, decimals: $0.decimals) },
            allocations: allocated, validators: validatorKeys, feeCollector: .payToKey(collector),
            markets: try marketDefinitions(check, assets: assets))
    }

    private func suite(_ check: FieldCheck) throws(NodeError) -> any CryptoSuite {
        do { return try SchnorrSecp256k1Suite.named(suite) } catch {
            throw check.invalid("suite", error.message)
        }
    }

    /// Decimals by symbol, refusing empty, over-long and repeated symbols.
    private func assetDefinitions(_ check: FieldCheck) throws(NodeError) -> [String: UInt8] {
        try check.that((1...Self.assetsMax).contains(assets.count), "assets", "must list 1...\(Self.assetsMax) assets")
        var decimals = [String: UInt8]()
        for (index, asset) in assets.enumerated() {
            let field = "assets[\(index)]"
            try check.that((1...AssetDefinition.maxSymbolBytes).contains(asset.symbol.utf8.count), "\(field).symbol",
                           "must be 1...\(AssetDefinition.maxSymbolBytes) bytes")
            try check.that(asset.decimals <= MarketLimits.decimalsMax, "\(field).decimals", "must be 0...\(MarketLimits.decimalsMax)")
            try check.that(decimals.updateValue(asset.decimals, forKey: asset.symbol) == nil, "\(field).symbol", "'\(asset.symbol)' is listed twice")
        }
        return decimals
    }

    private func marketDefinitions(_ check: FieldCheck, assets: [String: UInt8]) throws(NodeError) -> [MarketDefinition] {
        try check.that(markets.count <= MarketLimits.catalogMaxMarkets, "markets", "at most \(MarketLimits.catalogMaxMarkets)")
        var definitions = [MarketDefinition]()
        var symbols = Set<String>()
        for (index, entry) in markets.enumerated() {
            let field = "markets[\(index)]"
            let market = try entry.definition(path: check.path, field: field)
            try check.that(symbols.insert(market.symbol).inserted, "\(field).symbol", "'\(market.symbol)' is listed twice")
            for (key, asset, decimals) in [("base", market.baseAsset, market.baseDecimals), ("quote", market.quoteAsset, market.quoteDecimals)] {
                guard let listed = assets[asset] else { throw check.invalid("\(field).\(key)", "'\(asset)' is not in assets") }
                try check.that(listed == decimals, "\(field).\(key)_decimals", "\(decimals), but assets gives \(asset) \(listed) decimals")
            }
            definitions.append(market)
        }
        return definitions
    }
}

/// Field checks of one file: each failure names the file and the field.
struct FieldCheck {
    let path: String

    func invalid(_ field: String, _ reason: String) -> NodeError {
        .configInvalid(path: path, field: field, reason: reason)
    }

    func that(_ condition: Bool, _ field: String, _ reason: @autoclosure () -> String) throws(NodeError) {
        guard condition else { throw invalid(field, reason()) }
    }

    /// A valid public key of `suite` from hex.
    func publicKey(_ hex: String, field: String, suite: any CryptoSuite) throws(NodeError) -> PublicKey {
        guard let bytes = try? Hex.decode(hex), let key = try? PublicKey(bytes: bytes), suite.isValid(publicKey: key) else {
            throw invalid(field, "not a valid public key (hex)")
        }
        return key
    }
}
