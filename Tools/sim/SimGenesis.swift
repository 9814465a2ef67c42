import Chain
import Crypto
import Ledger
import Markets
import Primitives

/// The chain every node of a seed starts from, built in process: n validators, one
/// BTC-USDT market, the native LODE, and traders funded with several coins of each asset so
/// that several of their orders can be in flight at once. Keys depend on indices only, so
/// every seed of one size shares them (and signing stays cheap to set up).
struct SimGenesis {
    static let suite = SchnorrSecp256k1Suite()
    static let traderCount = 4
    /// Genesis coins per trader and asset: orders in flight at once per side.
    static let coinsPerAsset = 6
    static let btcPerCoin: UInt64 = 10_000_000_000  // 100 BTC
    static let usdtPerCoin: UInt64 = 5_000_000_000_000  // 5,000,000 USDT
    static let lodePerCoin: UInt64 = 1_000_000_000

    static let market: MarketDefinition = {
        // Tick 0.01 USDT, lot 0.0001 BTC, maker 10 / taker 20 bps (the tests' market).
        do {
            return try MarketDefinition(
                symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: 10_000, lotSize: 10_000,
                minSize: 10_000, makerFeeBps: 10, takerFeeBps: 20, selfTradePolicy: .cancelResting, status: .active,
                baseDecimals: 8, quoteDecimals: 6)
        } catch {
            fatalError("the simulator's market is valid: \(error)")
        }
    }()

    let validatorKeys: [any SigningKey]
    let traderKeys: [any SigningKey]
    let config: ChainConfig

    /// A key whose secret is `role`, `index` spread over 32 bytes (never zero, below the
    /// curve order).
    static func key(role: UInt8, index: Int) -> any SigningKey {
        var secret = [UInt8](repeating: 0, count: 32)
        secret[0] = role
        secret[30] = UInt8(truncatingIfNeeded: index >> 8)
        secret[31] = UInt8(truncatingIfNeeded: index) &+ 1
        do { return try suite.signingKey(secret: secret) } catch { fatalError("a fixed secret is a valid key: \(error)") }
    }

    init(validators: Int) throws(ChainError) {
        validatorKeys = (0..<validators).map { Self.key(role: 0x56, index: $0) }
        traderKeys = (0..<Self.traderCount).map { Self.key(role: 0x54, index: $0) }
        var allocations: [Allocation] = []
        for trader in traderKeys {
            for _ in 0..<Self.coinsPerAsset {
                allocations.append(Allocation(asset: "BTC", amount: Amount(Self.btcPerCoin), program: .payToKey(trader.publicKey)))
                allocations.append(Allocation(asset: "USDT", amount: Amount(Self.usdtPerCoin), program: .payToKey(trader.publicKey)))
            }
            allocations.append(Allocation(asset: "LODE", amount: Amount(Self.lodePerCoin), program: .payToKey(trader.publicKey)))
        }
        let genesis = Genesis(
            chainName: "lodestone-sim", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [
                AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "BTC", decimals: 8),
                AssetDefinition(symbol: "USDT", decimals: 6),
            ],
            allocations: allocations, validators: validatorKeys.map(\.publicKey),
            feeCollector: .payToKey(Self.key(role: 0x46, index: 0).publicKey), markets: [Self.market])
        config = try ChainConfig(genesis: genesis)
    }

    /// Each asset's total supply at genesis (what conservation checks against).
    var supply: [AssetID: UInt64] {
        var totals: [AssetID: UInt64] = [:]
        for allocation in config.genesis.allocations {
            if let asset = config.assetIDs[allocation.asset] { totals[asset, default: 0] += allocation.amount.units }
        }
        return totals
    }
}
