import Chain
import Crypto
import Gateway
import Ledger
import Markets
import Matching
import MatchingWorkloads
import Primitives

/// A deterministic block of crossing limit orders from many traders on one market, each
/// order a signed transaction spending its own genesis coin.
struct Workload {
    static let suite = SchnorrSecp256k1Suite()
    static let market = try! MarketDefinition(
        symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: 10_000, lotSize: 10_000,
        minSize: 10_000, makerFeeBps: 10, takerFeeBps: 20, status: .active, baseDecimals: 8, quoteDecimals: 6)

    let config: ChainConfig
    let state: ChainState
    let traders: [any SigningKey]
    let validator: any SigningKey
    /// One block's orders, signed; and the same orders as the matching core sees them.
    let transactions: [Transaction]
    let bookOrders: [NewOrder]

    init(orders: Int, traders traderCount: Int, seed: UInt64) throws {
        validator = try Self.suite.signingKey(secret: [UInt8](repeating: 1, count: 32))
        traders = try (0..<traderCount).map { index in
            var secret = [UInt8](repeating: 0x42, count: 32)
            secret[0] = UInt8(index & 0xFF)
            secret[1] = UInt8(index >> 8)
            return try Self.suite.signingKey(secret: secret)
        }
        let coinsPerTrader = (orders + traderCount - 1) / traderCount
        let allocations = traders.flatMap { key in
            (0..<coinsPerTrader).flatMap { _ in
                [Allocation(asset: "BTC", amount: Amount(1_000_000_000), program: .payToKey(key.publicKey)),
                 Allocation(asset: "USDT", amount: Amount(1_000_000_000_000), program: .payToKey(key.publicKey))]
            }
        }
        let genesis = Genesis(
            chainName: "chainbench", timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "BTC", decimals: 8), AssetDefinition(symbol: "USDT", decimals: 6)],
            allocations: allocations, validators: [validator.publicKey], feeCollector: .payToKey(validator.publicKey),
            markets: [Self.market])
        config = try ChainConfig(genesis: genesis)
        state = try ChainState.genesis(config)
        var random = SplitMix64(seed: seed)
        var transactions = [Transaction]()
        var bookOrders = [NewOrder]()
        for index in 0..<orders {
            let trader = index % traderCount
            let side: Side = random.next() % 2 == 0 ? .buy : .sell
            let ticks = Int64(3_000_000 + Int(random.next() % 41) - 20)
            let lots = Int64(1 + random.next() % 20)
            let transaction = try Self.order(
                config: config, key: traders[trader], side: side, ticks: ticks, lots: lots,
                coinIndex: Self.coinIndex(trader: trader, round: index / traderCount, side: side, coinsPerTrader: coinsPerTrader),
                allocations: allocations)
            transactions.append(transaction)
            bookOrders.append(NewOrder(
                id: OrderID(UInt32(index)), owner: OwnerID(UInt32(trader)), side: side, price: ticks, size: lots))
        }
        self.transactions = transactions
        self.bookOrders = bookOrders
    }

    /// Allocation index of a trader's coin for one round: allocations are laid out trader by
    /// trader, each coin as a BTC then a USDT allocation.
    static func coinIndex(trader: Int, round: Int, side: Side, coinsPerTrader: Int) -> Int {
        (trader * coinsPerTrader + round) * 2 + (side == .sell ? 0 : 1)
    }

    static func order(
        config: ChainConfig, key: any SigningKey, side: Side, ticks: Int64, lots: Int64, coinIndex: Int, allocations: [Allocation]
    ) throws -> Transaction {
        let coin = SpendableCoin(
            id: Transaction.outputID(transactionID: config.chainID, index: coinIndex, suite: suite),
            amount: allocations[coinIndex].amount.units)
        return try OrderBuilder(config: config, symbol: market.symbol).order(
            side, price: UInt64(ticks) * market.tickSize, size: UInt64(lots) * market.lotSize, from: coin, key: key)
    }
}
