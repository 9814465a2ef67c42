import Chain
import Crypto
import Ledger
import Markets
import Primitives
import ZeroMQ

extension GenesisFile {
    /// The genesis this file describes, after checking every field against its bounds and
    /// the others (listed assets, decimals that match the markets', valid keys).
    public func genesis(path: String) throws(NodeError) -> Genesis {
        let check = FieldCheck(path: path)
        let cryptoSuite = try suite(check)
        try check.that(
            !chainName.isEmpty && chainName.utf8.count <= Self.chainNameBytesMax, "chain_name",
            "must be 1...\(Self.chainNameBytesMax) bytes")
        try check.that(
            Self.blockIntervalMsAllowed.contains(blockIntervalMs), "block_interval_ms",
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
            try check.that(
                !overflow, "\(field).amount",
                "takes the genesis supply of \(entry.asset) past \(UInt64.max), the largest amount")
            supply[entry.asset] = total
            let key = try check.publicKey(entry.publicKey, field: "\(field).public_key", suite: cryptoSuite)
            var program = ControlProgram.payToKey(key)
            if let candidate = entry.voteFor {
                try check.that(entry.asset == nativeAsset, "\(field).asset", "votes lock the native asset \(nativeAsset)")
                let candidateKey = try check.publicKey(candidate, field: "\(field).vote_for", suite: cryptoSuite)
                program = .voteLock(VoteLock(owner: key, candidate: candidateKey, unlockDelayBlocks: unlockDelayBlocks))
            }
            allocated.append(Chain.Allocation(asset: entry.asset, amount: Amount(entry.amount), program: program))
        }
        try check.that(
            (1...Self.validatorsListedMax).contains(validators.count), "validators", "must list 1...\(Self.validatorsListedMax) keys")
        var validatorKeys = [PublicKey]()
        for (index, hex) in validators.enumerated() {
            validatorKeys.append(try check.publicKey(hex, field: "validators[\(index)]", suite: cryptoSuite))
        }
        try check.that(Set(validatorKeys).count == validatorKeys.count, "validators", "must be distinct")
        let networkKeys = try curveKeys(check)
        try checkElection(check)
        let collector = try check.publicKey(feeCollector, field: "fee_collector", suite: cryptoSuite)
        return Genesis(
            chainName: chainName, timestampMs: timestampMs, blockIntervalMs: blockIntervalMs, suite: cryptoSuite.id,
            nativeAsset: nativeAsset, assets: self.assets.map { AssetDefinition(symbol: $0.symbol, decimals: $0.decimals) },
            allocations: allocated, validators: validatorKeys, feeCollector: .payToKey(collector),
            markets: try marketDefinitions(check, assets: assets), validatorNetworkKeys: networkKeys,
            epochLengthBlocks: epochLengthBlocks, validatorsMax: validatorsMax, minSelfStake: minSelfStake,
            unlockDelayBlocks: unlockDelayBlocks, voterShareBps: voterShareBps,
            peg: try peg?.section(check, assets: Set(assets.keys), suite: cryptoSuite))
    }

    /// The validators' CurveZMQ keys, decoded: one per validator, 40 Z85 characters (32
    /// bytes) each, distinct; required when validators talk to each other (more than one).
    private func curveKeys(_ check: FieldCheck) throws(NodeError) -> [[UInt8]] {
        guard let texts = validatorCurveKeys else {
            try check.that(validators.count == 1, "validator_curve_keys", "required with more than one validator")
            return []
        }
        try check.that(
            texts.count == validators.count, "validator_curve_keys",
            "must list one key per validator (\(validators.count)), got \(texts.count)")
        var keys: [[UInt8]] = []
        for (index, text) in texts.enumerated() {
            let field = "validator_curve_keys[\(index)]"
            try check.that(text.utf8.count == Self.curveKeyZ85Length, field, "must be \(Self.curveKeyZ85Length) Z85 characters")
            guard let key = try? ZMQZ85.decode(text), key.count == Genesis.networkKeyBytes else {
                throw check.invalid(field, "not a Z85 CurveZMQ public key")
            }
            try check.that(!keys.contains(key), field, "repeats an earlier key")
            keys.append(key)
        }
        return keys
    }

    /// The election parameters within the chain's bounds.
    private func checkElection(_ check: FieldCheck) throws(NodeError) {
        try check.that(
            (1...Genesis.epochLengthBlocksMax).contains(epochLengthBlocks), "epoch_length_blocks",
            "must be 1...\(Genesis.epochLengthBlocksMax)")
        try check.that(
            (1...Genesis.validatorsMaxLimit).contains(validatorsMax), "validators_max", "must be 1...\(Genesis.validatorsMaxLimit)")
        try check.that(voterShareBps <= 10_000, "voter_share_bps", "must be 0...10000")
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
            try check.that(
                (1...AssetDefinition.maxSymbolBytes).contains(asset.symbol.utf8.count), "\(field).symbol",
                "must be 1...\(AssetDefinition.maxSymbolBytes) bytes")
            try check.that(asset.decimals <= MarketLimits.decimalsMax, "\(field).decimals", "must be 0...\(MarketLimits.decimalsMax)")
            try check.that(
                decimals.updateValue(asset.decimals, forKey: asset.symbol) == nil, "\(field).symbol", "'\(asset.symbol)' is listed twice")
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
            for (key, asset, decimals) in [
                ("base", market.baseAsset, market.baseDecimals), ("quote", market.quoteAsset, market.quoteDecimals),
            ] {
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
