import Chain
import Crypto
import Gateway
import Ledger
import Matching
import Primitives

/// One market maker's signed orders. The maker first joins its coins of each asset into one
/// (when the node listed several: a devnet used by earlier runs) and splits that into
/// `lanes` coins; each order spends the next lane's coin, or, once every lane was used, the
/// change of the lane's previous order (the mempool accepts chains, so no confirmation is
/// awaited). Lanes are independent: a refused order dooms only the orders already sent in
/// its own lane, and with a lane per order none at all.
struct OrderChain {
    let key: any SigningKey
    let config: ChainConfig
    let market: ChainMarket
    let laneCount: Int
    private let builder: OrderBuilder
    /// Each asset's coins as the node listed them (largest first), until `splitIntoLanes`.
    private var funding: [AssetID: [SpendableCoin]]
    /// Each asset's lanes: the output the lane's next order spends, and how much it holds.
    private var lanes: [AssetID: [SpendableCoin]] = [:]
    /// Per asset and lane, bumped on every rewind: orders built before it spent outputs
    /// that no longer exist.
    private var generations: [AssetID: [Int]] = [:]
    /// Orders built so far per asset, to pick the next lane round-robin.
    private var built: [AssetID: Int] = [:]

    /// `funding`: the key's free coins of the market's base and quote assets, largest
    /// first (`CoinQuery.freeCoins`).
    init(
        key: any SigningKey, config: ChainConfig, market: ChainMarket, lanes laneCount: Int, funding: [AssetID: [SpendableCoin]]
    ) throws {
        guard laneCount >= 1 else { throw LoadgenError("a maker needs at least one lane") }
        self.key = key
        self.config = config
        self.market = market
        self.laneCount = laneCount
        builder = try OrderBuilder(config: config, symbol: market.symbol)
        guard funding[market.baseAsset]?.isEmpty == false, funding[market.quoteAsset]?.isEmpty == false else {
            throw LoadgenError("key \(key.publicKey) holds no free coin of both \(market.symbol) assets")
        }
        self.funding = funding
    }

    /// Coins split off per transaction: a split stays well under the gateway's request size.
    static let coinsPerSplit = 4_096

    /// The transactions that join each asset's coins into one (the largest
    /// `OrderBuilder.mergeInputsMax`, when there are several) and split it into the lanes,
    /// equal shares, a few thousand per transaction (each later split spends the previous
    /// one's change); send them (and see them acknowledged) before any order. The lanes then
    /// hold the coins.
    mutating func splitIntoLanes() throws -> [Transaction] {
        var splits = [Transaction]()
        for asset in [market.baseAsset, market.quoteAsset] {
            let held = funding[asset] ?? []
            guard var remainder = held.first else { continue }
            if held.count > 1 {
                let merge = try builder.merge(Array(held.prefix(OrderBuilder.mergeInputsMax)), of: asset, key: key)
                splits.append(merge)
                remainder = SpendableCoin(
                    id: Transaction.outputID(transactionID: merge.id(suite: config.suite), index: 0, suite: config.suite),
                    amount: merge.outputs[0].amount.units)
            }
            let share = remainder.amount / UInt64(laneCount)
            var coins = [SpendableCoin]()
            while coins.count < laneCount {
                let parts = min(Self.coinsPerSplit, laneCount - coins.count)
                let split = try builder.split(remainder, of: asset, into: parts, eachHolding: share, key: key)
                let id = split.id(suite: config.suite)
                let made = split.outputs.indices.map {
                    SpendableCoin(
                        id: Transaction.outputID(transactionID: id, index: $0, suite: config.suite), amount: split.outputs[$0].amount.units)
                }
                coins += made.prefix(parts)
                splits.append(split)
                guard made.count > parts else { break }
                remainder = made[parts]
            }
            lanes[asset] = coins
            generations[asset] = Array(repeating: 0, count: coins.count)
        }
        return splits
    }

    /// What an order spent, so a refused order can be undone.
    struct Spent {
        let asset: AssetID
        let lane: Int
        let coin: SpendableCoin
        let generation: Int
    }

    /// Whether an order built earlier still spends outputs that exist (no rewind since).
    func isCurrent(_ spent: Spent) -> Bool { generations[spent.asset]?[spent.lane] == spent.generation }

    /// After the node refused an order, the later orders of its lane (which spend its
    /// change) fail too: the lane goes back to the coin the refused order spent. Refusals
    /// of orders built before the lane's last rewind are consequences of it and change nothing.
    mutating func rewind(to spent: Spent) {
        guard isCurrent(spent) else { return }
        lanes[spent.asset]?[spent.lane] = spent.coin
        generations[spent.asset]?[spent.lane] += 1
    }

    /// A signed transaction of `count` orders of `lots` each at `ticks`, from the next lane of
    /// the offered asset; returns the transaction, its order IDs and what it spent.
    mutating func orders(
        side: Side, ticks: UInt64, lots: UInt64, count: Int
    ) throws -> (transaction: Transaction, orderIDs: [Hash256], spent: Spent) {
        let asset = builder.offeredAsset(side)
        // Read the lane's coin without keeping a copy of the lane array: a live copy would
        // make the write below copy the whole array (one coin per order: thousands of lanes).
        guard let laneTotal = lanes[asset]?.count, laneTotal > 0 else { throw LoadgenError("\(market.symbol) funds exhausted") }
        let lane = built[asset, default: 0] % laneTotal
        built[asset, default: 0] += 1
        let coin = lanes[asset]![lane]
        let spec = OrderSpec(side, price: ticks * market.definition.tickSize, size: lots * market.definition.lotSize)
        let signed = try builder.orders(Array(repeating: spec, count: count), from: coin, key: key)
        guard signed.outputs.count == count + 1 else { throw LoadgenError("\(market.symbol) funds exhausted in a lane") }
        let id = signed.id(suite: config.suite)
        let change = SpendableCoin(
            id: Transaction.outputID(transactionID: id, index: count, suite: config.suite), amount: signed.outputs[count].amount.units)
        lanes[asset]?[lane] = change
        let spent = Spent(asset: asset, lane: lane, coin: coin, generation: generations[asset]?[lane] ?? 0)
        return (signed, (0..<count).map { Transaction.outputID(transactionID: id, index: $0, suite: config.suite) }, spent)
    }
}

struct LoadgenError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
