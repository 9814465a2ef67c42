import Chain
import Crypto
import Gateway
import Ledger
import Matching
import Primitives

/// One market maker's signed orders, each spending the change output of its previous order
/// in the same asset (the mempool accepts chains, so no confirmation is awaited).
struct OrderChain {
    let key: any SigningKey
    let config: ChainConfig
    let market: ChainMarket
    private let builder: OrderBuilder
    /// The output each asset's next order spends, and how much it holds.
    private var coins: [AssetID: (id: Hash256, amount: UInt64)]
    /// Bumped on every rewind: orders built before it spent outputs that no longer exist.
    private(set) var generation = 0

    init(key: any SigningKey, config: ChainConfig, market: ChainMarket) throws {
        self.key = key
        self.config = config
        self.market = market
        builder = try OrderBuilder(config: config, symbol: market.symbol)
        var coins: [AssetID: (id: Hash256, amount: UInt64)] = [:]
        for (index, allocation) in config.genesis.allocations.enumerated() where allocation.program == .payToKey(key.publicKey) {
            guard let asset = config.assetIDs[allocation.asset], asset == market.baseAsset || asset == market.quoteAsset else { continue }
            if allocation.amount.units > (coins[asset]?.amount ?? 0) {
                coins[asset] = (Transaction.outputID(transactionID: config.chainID, index: index, suite: config.suite), allocation.amount.units)
            }
        }
        guard coins[market.baseAsset] != nil, coins[market.quoteAsset] != nil else {
            throw LoadgenError("key \(key.publicKey) holds no \(market.symbol) assets at genesis")
        }
        self.coins = coins
    }

    /// What an order spent, so a refused order can be undone.
    struct Spent {
        let asset: AssetID
        let coin: (id: Hash256, amount: UInt64)
        let generation: Int
    }

    /// After the node refused an order, its later orders (which spend its change) fail too:
    /// go back to the coin the refused order spent. Refusals of orders built before the
    /// last rewind are consequences of it and change nothing.
    mutating func rewind(to spent: Spent) {
        guard spent.generation == generation else { return }
        coins[spent.asset] = spent.coin
        generation += 1
    }

    /// A signed order of one lot at `ticks`; returns the transaction, its order ID and what
    /// it spent.
    mutating func order(side: Side, ticks: UInt64, lots: UInt64) throws -> (transaction: Transaction, orderID: Hash256, spent: Spent) {
        let offered = builder.offeredAsset(side)
        guard let coin = coins[offered] else { throw LoadgenError("\(market.symbol) funds exhausted") }
        let signed = try builder.order(
            side, price: ticks * market.definition.tickSize, size: lots * market.definition.lotSize,
            from: SpendableCoin(id: coin.id, amount: coin.amount), key: key)
        guard signed.outputs.count == 2 else { throw LoadgenError("\(market.symbol) funds exhausted") }
        let id = signed.id(suite: config.suite)
        coins[offered] = (Transaction.outputID(transactionID: id, index: 1, suite: config.suite), signed.outputs[1].amount.units)
        return (signed, Transaction.outputID(transactionID: id, index: 0, suite: config.suite), Spent(asset: offered, coin: coin, generation: generation))
    }
}

struct LoadgenError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
