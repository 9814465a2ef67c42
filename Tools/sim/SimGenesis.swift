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

    /// Self-stake every validator and standby candidate locks at genesis.
    static let selfStake: UInt64 = 100_000_000
    /// With elections: blocks per epoch and the unvote delay (short, so seeds see changes).
    static let electionEpochBlocks: UInt64 = 3
    static let electionUnlockDelayBlocks: UInt64 = 2

    let validatorKeys: [any SigningKey]
    /// Candidates outside the genesis set that an election may bring in (elections only).
    let standbyKeys: [any SigningKey]
    let traderKeys: [any SigningKey]
    let config: ChainConfig

    /// Every key that may sign at some height: the genesis validators, then the standbys.
    var candidateKeys: [any SigningKey] { validatorKeys + standbyKeys }

    /// A key whose secret is `role`, `index` spread over 32 bytes (never zero, below the
    /// curve order).
    static func key(role: UInt8, index: Int) -> any SigningKey {
        var secret = [UInt8](repeating: 0, count: 32)
        secret[0] = role
        secret[30] = UInt8(truncatingIfNeeded: index >> 8)
        secret[31] = UInt8(truncatingIfNeeded: index) &+ 1
        do { return try suite.signingKey(secret: secret) } catch { fatalError("a fixed secret is a valid key: \(error)") }
    }

    /// `standbys` > 0 turns elections on: every candidate self-stakes at genesis, epochs are
    /// `electionEpochBlocks` long, and traders' votes decide who signs each next epoch.
    init(validators: Int, standbys: Int = 0) throws(ChainError) {
        validatorKeys = (0..<validators).map { Self.key(role: 0x56, index: $0) }
        standbyKeys = (0..<standbys).map { Self.key(role: 0x56, index: validators + $0) }
        traderKeys = (0..<Self.traderCount).map { Self.key(role: 0x54, index: $0) }
        let elections = standbys > 0
        let unlockDelay = elections ? Self.electionUnlockDelayBlocks : Genesis.defaultUnlockDelayBlocks
        var allocations: [Allocation] = []
        if elections {
            for key in validatorKeys + standbyKeys {
                let lock = VoteLock(owner: key.publicKey, candidate: key.publicKey, unlockDelayBlocks: unlockDelay)
                allocations.append(Allocation(asset: "LODE", amount: Amount(Self.selfStake), program: .voteLock(lock)))
            }
        }
        for trader in traderKeys {
            for _ in 0..<Self.coinsPerAsset {
                allocations.append(Allocation(asset: "BTC", amount: Amount(Self.btcPerCoin), program: .payToKey(trader.publicKey)))
                allocations.append(Allocation(asset: "USDT", amount: Amount(Self.usdtPerCoin), program: .payToKey(trader.publicKey)))
            }
            for _ in 0..<(elections ? 3 : 1) {
                allocations.append(Allocation(asset: "LODE", amount: Amount(Self.lodePerCoin), program: .payToKey(trader.publicKey)))
            }
        }
        let genesis = Genesis(
            chainName: "lodestone-sim", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [
                AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "BTC", decimals: 8),
                AssetDefinition(symbol: "USDT", decimals: 6),
            ],
            allocations: allocations, validators: validatorKeys.map(\.publicKey),
            feeCollector: .payToKey(Self.key(role: 0x46, index: 0).publicKey), markets: [Self.market],
            epochLengthBlocks: elections ? Self.electionEpochBlocks : Genesis.defaultEpochLengthBlocks,
            validatorsMax: min(validators, Genesis.validatorsMaxLimit), unlockDelayBlocks: unlockDelay)
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
