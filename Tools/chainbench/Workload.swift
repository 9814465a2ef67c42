import Chain
import Crypto
import Gateway
import Ledger
import Markets
import Matching
import MatchingWorkloads
import Primitives

/// A deterministic block of crossing limit orders from many traders on several markets. Each
/// transaction is one trader's in one market: `ordersPerTransaction` orders paid from one base
/// and one USDT genesis coin of that trader (change back to the trader), signed once per coin.
struct Workload {
    static let suite = SchnorrSecp256k1Suite()
    static let coinBase = Amount(1_000_000_000)
    static let coinQuote = Amount(1_000_000_000_000)

    let config: ChainConfig
    let state: ChainState
    let traders: [any SigningKey]
    let validator: any SigningKey
    /// One block's orders, signed; and the same orders as the matching core sees them, per market.
    let transactions: [Transaction]
    let bookOrders: [[NewOrder]]
    let ordersPerTransaction: Int

    init(orders: Int, traders traderCount: Int, ordersPerTransaction: Int, markets marketCount: Int, seed: UInt64) throws {
        precondition((1...BlockExecutor.maxOrdersPerTransaction).contains(ordersPerTransaction), "orders per transaction")
        precondition(marketCount >= 1, "at least one market")
        validator = try Self.suite.signingKey(secret: [UInt8](repeating: 1, count: 32))
        let keys: [any SigningKey] = try (0..<traderCount).map { index in
            var secret = [UInt8](repeating: 0x42, count: 32)
            secret[0] = UInt8(index & 0xFF)
            secret[1] = UInt8(index >> 8)
            return try Self.suite.signingKey(secret: secret)
        }
        traders = keys
        let transactionCount = (orders + ordersPerTransaction - 1) / ordersPerTransaction
        let coinsPerTrader = (transactionCount + traderCount - 1) / traderCount
        let baseSymbols = (0..<marketCount).map { marketCount == 1 ? "BTC" : "B\($0)" }
        // Transaction t is trader t % traders' round t / traders, in market t % markets; its
        // coins are allocations 2 × (trader × coinsPerTrader + round) and the one after.
        let allocations = keys.indices.flatMap { trader in
            (0..<coinsPerTrader).flatMap { round in
                let market = (round * traderCount + trader) % marketCount
                let owner = ControlProgram.payToKey(keys[trader].publicKey)
                return [
                    Allocation(asset: baseSymbols[market], amount: Self.coinBase, program: owner),
                    Allocation(asset: "USDT", amount: Self.coinQuote, program: owner),
                ]
            }
        }
        config = try Self.chainConfig(
            name: "chainbench", baseSymbols: baseSymbols, allocations: allocations, validator: validator.publicKey)
        state = try ChainState.genesis(config)
        var random = SplitMix64(seed: seed)
        var transactions = [Transaction]()
        var bookOrders = [[NewOrder]](repeating: [], count: marketCount)
        for transactionIndex in 0..<transactionCount {
            let trader = transactionIndex % traderCount
            let market = transactionIndex % marketCount
            let first = transactionIndex * ordersPerTransaction
            var specs: [(side: Side, ticks: Int64, lots: Int64)] = []
            for index in first..<min(orders, first + ordersPerTransaction) {
                let side: Side = random.next() % 2 == 0 ? .buy : .sell
                let ticks = Int64(3_000_000 + Int(random.next() % 41) - 20)
                let lots = Int64(1 + random.next() % 20)
                specs.append((side, ticks, lots))
                bookOrders[market].append(
                    NewOrder(id: OrderID(UInt32(index)), owner: OwnerID(UInt32(trader)), side: side, price: ticks, size: lots))
            }
            let coin = (trader * coinsPerTrader + transactionIndex / traderCount) * 2
            transactions.append(
                try Self.transaction(config: config, market: config.markets[market], key: traders[trader], orders: specs, baseCoin: coin))
        }
        self.transactions = transactions
        self.bookOrders = bookOrders
        self.ordersPerTransaction = ordersPerTransaction
    }

    /// One trader's orders, paid from the BTC allocation `baseCoin` and the USDT one after it:
    /// the order outputs in order, then the change of each coin.
    static func transaction(
        config: ChainConfig, market chainMarket: ChainMarket, key: any SigningKey, orders: [(side: Side, ticks: Int64, lots: Int64)],
        baseCoin: Int
    ) throws -> Transaction {
        let base = chainMarket.baseAsset
        let quote = chainMarket.quoteAsset
        let baseUnit = chainMarket.baseUnit
        var lockedBase: UInt64 = 0
        var lockedQuote: UInt64 = 0
        var outputs: [Output] = []
        for order in orders {
            let price = UInt64(order.ticks) * chainMarket.definition.tickSize
            let size = UInt64(order.lots) * chainMarket.definition.lotSize
            let sell = order.side == .sell
            let amount = sell ? size : size * price / baseUnit
            if sell { lockedBase += amount } else { lockedQuote += amount }
            let contract = MagneticOrder(
                requestedAsset: sell ? quote : base, price: try sell ? Ratio(price, baseUnit) : Ratio(baseUnit, price),
                sellerProgram: .payToKey(key.publicKey), sellerKey: key.publicKey, flags: [], maxFeeBps: chainMarket.maxFeeBps,
                expiryHeight: nil)
            outputs.append(Output(asset: sell ? base : quote, amount: Amount(amount), program: .magneticOrder(contract)))
        }
        outputs.append(Output(asset: base, amount: Amount(coinBase.units - lockedBase), program: .payToKey(key.publicKey)))
        outputs.append(Output(asset: quote, amount: Amount(coinQuote.units - lockedQuote), program: .payToKey(key.publicKey)))
        let placeholder = try Signature(bytes: [UInt8](repeating: 0, count: 64))
        let inputs = [baseCoin, baseCoin + 1].map { index in
            Input(
                spending: Transaction.outputID(transactionID: config.chainID, index: index, suite: suite),
                witness: .signature(placeholder))
        }
        return try Transaction(inputs: inputs, outputs: outputs).withWitnesses(chainID: config.chainID, suite: suite) { _, sighash in
            .signature(try suite.sign(sighash, with: key))
        }
    }
}

extension Workload {
    /// A one-validator chain with LODE, USDT and `baseSymbols`, one `<BASE>-USDT` market each
    /// (tick 0.01 USDT, lot 0.0001 of the base).
    static func chainConfig(
        name: String, baseSymbols: [String], allocations: [Allocation], validator: PublicKey
    ) throws -> ChainConfig {
        let markets = try baseSymbols.map { base in
            try MarketDefinition(
                symbol: "\(base)-USDT", baseAsset: base, quoteAsset: "USDT", tickSize: 10_000, lotSize: 10_000,
                minSize: 10_000, makerFeeBps: 10, takerFeeBps: 20, status: .active, baseDecimals: 8, quoteDecimals: 6)
        }
        let genesis = Genesis(
            chainName: name, timestampMs: 0, blockIntervalMs: 100, suite: .schnorrSecp256k1, nativeAsset: "LODE",
            assets: [AssetDefinition(symbol: "LODE", decimals: 8), AssetDefinition(symbol: "USDT", decimals: 6)]
                + baseSymbols.map { AssetDefinition(symbol: $0, decimals: 8) },
            allocations: allocations, validators: [validator], feeCollector: .payToKey(validator), markets: markets)
        return try ChainConfig(genesis: genesis)
    }
}
