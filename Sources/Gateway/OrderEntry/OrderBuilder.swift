import Chain
import Crypto
import Ledger
import LodestoneWire
import Matching
import Primitives

/// An unspent output a client spends to pay for an order.
public struct SpendableCoin: Sendable, Equatable {
    /// The output's ID.
    public let id: Hash256
    /// Minor units of the asset the order offers.
    public let amount: UInt64

    /// The coin `id` holding `amount`.
    public init(id: Hash256, amount: UInt64) {
        self.id = id
        self.amount = amount
    }
}

/// One order of a transaction built by `OrderBuilder.orders`.
public struct OrderSpec: Sendable, Equatable {
    public let side: Side
    /// Quote minor units per whole base unit.
    public let price: UInt64
    /// Base minor units.
    public let size: UInt64
    public let flags: MagneticOrder.Flags
    public let expiryHeight: UInt64?

    /// An order of `size` base minor units at `price` on `side`.
    public init(_ side: Side, price: UInt64, size: UInt64, flags: MagneticOrder.Flags = [], expiryHeight: UInt64? = nil) {
        self.side = side
        self.price = price
        self.size = size
        self.flags = flags
        self.expiryHeight = expiryHeight
    }
}

/// Builds the signed transactions a client sends through the gateway: orders paid from one
/// coin of the offered asset, with the change returned to the key (client side: the gateway
/// itself holds no keys).
public struct OrderBuilder: Sendable {
    /// The chain the transactions are signed for.
    public let config: ChainConfig
    /// The market the orders trade in.
    public let market: ChainMarket

    /// The builder for the market named `symbol` (e.g. `BTC-USDT`).
    public init(config: ChainConfig, symbol: String) throws(GatewayError) {
        guard let market = config.markets.first(where: { $0.symbol == symbol }) else {
            throw GatewayError(.badOrder, "no market \(symbol) in this chain")
        }
        self.config = config
        self.market = market
    }

    /// What the order of `side` offers: base to sell, quote to buy.
    public func offeredAsset(_ side: Side) -> AssetID { side == .sell ? market.baseAsset : market.quoteAsset }

    /// Orders per transaction `orders` builds: as many as an ack can name.
    public static let ordersPerTransactionAllowed = 1...WireLimits.maxOrdersPerTransaction

    /// An order of `size` base minor units at `price` quote minor units per whole base unit,
    /// paid from `coin`; its change (if any) is output 1.
    public func order(
        _ side: Side, price: UInt64, size: UInt64, flags: MagneticOrder.Flags = [], expiryHeight: UInt64? = nil,
        from coin: SpendableCoin, key: any SigningKey
    ) throws(GatewayError) -> Transaction {
        try orders([OrderSpec(side, price: price, size: size, flags: flags, expiryHeight: expiryHeight)], from: coin, key: key)
    }

    /// One transaction placing every order of `specs` (1 ... `ordersPerTransactionAllowed`,
    /// all of one side, since one coin pays for all), signed once: outputs 0 ..< count are the
    /// orders in the given order, each locking what it offers, and the change (if any) goes
    /// back to the key as the last output. One transaction carries many orders through the
    /// gateway and the chain for the cost of one signature check.
    public func orders(_ specs: [OrderSpec], from coin: SpendableCoin, key: any SigningKey) throws(GatewayError) -> Transaction {
        guard let side = specs.first?.side, Self.ordersPerTransactionAllowed.contains(specs.count) else {
            let allowed = Self.ordersPerTransactionAllowed
            throw GatewayError(.badOrder, "a transaction places \(allowed.lowerBound)...\(allowed.upperBound) orders, not \(specs.count)")
        }
        guard specs.allSatisfy({ $0.side == side }) else {
            throw GatewayError(.badOrder, "the orders of one transaction share a side: one coin pays for them all")
        }
        var outputs = [Output]()
        outputs.reserveCapacity(specs.count + 1)
        var total: UInt64 = 0
        for spec in specs {
            let amount = try lockedAmount(side, price: spec.price, size: spec.size)
            let (sum, overflow) = total.addingReportingOverflow(amount)
            guard !overflow else { throw GatewayError(.badOrder, "the orders together lock more than a UInt64 holds") }
            total = sum
            let contract = MagneticOrder(
                requestedAsset: side == .sell ? market.quoteAsset : market.baseAsset, price: try ratio(side, price: spec.price),
                sellerProgram: .payToKey(key.publicKey), sellerKey: key.publicKey, flags: spec.flags,
                maxFeeBps: market.maxFeeBps, expiryHeight: spec.expiryHeight)
            outputs.append(Output(asset: offeredAsset(side), amount: Amount(amount), program: .magneticOrder(contract)))
        }
        guard coin.amount >= total else {
            let needs = specs.count == 1 ? "the order needs" : "the \(specs.count) orders need"
            throw GatewayError(.badOrder, "the coin holds \(coin.amount), \(needs) \(total)")
        }
        if coin.amount > total {
            outputs.append(Output(asset: offeredAsset(side), amount: Amount(coin.amount - total), program: .payToKey(key.publicKey)))
        }
        return try sign(Transaction(inputs: [Input(spending: coin.id, witness: .signature(Self.placeholder))], outputs: outputs), key: key)
    }

    /// Replaces a resting order in one atomic transaction: its output (`order`: the output
    /// holding it now, and what it holds) is spent by the cancel clause and re-locked as the
    /// new order; what the new order does not need returns to the key.
    public func replace(
        _ order: SpendableCoin, with side: Side, price: UInt64, size: UInt64, flags: MagneticOrder.Flags = [],
        expiryHeight: UInt64? = nil, key: any SigningKey
    ) throws(GatewayError) -> Transaction {
        let placed = try self.order(side, price: price, size: size, flags: flags, expiryHeight: expiryHeight, from: order, key: key)
        let unsigned = Transaction(inputs: [Input(spending: order.id, witness: .cancelOrder(Self.placeholder))], outputs: placed.outputs)
        return try sign(unsigned, key: key, clause: Witness.cancelOrder)
    }

    /// A transfer splitting `parts` coins of `amount` each off `coin` (of `asset`), with the
    /// rest (if any) back to the key as the last output: independent coins let a client
    /// keep several orders or chains of orders in flight, so one refused order stalls none
    /// of the others.
    public func split(
        _ coin: SpendableCoin, of asset: AssetID, into parts: Int, eachHolding amount: UInt64, key: any SigningKey
    ) throws(GatewayError) -> Transaction {
        guard (1..<Transaction.maxOutputs).contains(parts), amount > 0 else {
            throw GatewayError(.badOrder, "split into 1...\(Transaction.maxOutputs - 1) coins of more than 0, not \(parts) of \(amount)")
        }
        let (total, overflow) = amount.multipliedReportingOverflow(by: UInt64(parts))
        guard !overflow, total <= coin.amount else {
            throw GatewayError(.badOrder, "the coin holds \(coin.amount), too little for \(parts) coins of \(amount)")
        }
        var outputs = Array(repeating: Output(asset: asset, amount: Amount(amount), program: .payToKey(key.publicKey)), count: parts)
        if total < coin.amount {
            outputs.append(Output(asset: asset, amount: Amount(coin.amount - total), program: .payToKey(key.publicKey)))
        }
        return try sign(Transaction(inputs: [Input(spending: coin.id, witness: .signature(Self.placeholder))], outputs: outputs), key: key)
    }

    /// Coins one `merge` spends at most: its request stays near 100 KiB.
    public static let mergeInputsMax = 1_024

    /// A transfer joining `coins` (2 ... `mergeInputsMax`, all of `asset` and the key's) into
    /// one coin of their sum, output 0: a key whose funds were scattered over many small
    /// coins by earlier orders gets one coin to split or spend again.
    public func merge(_ coins: [SpendableCoin], of asset: AssetID, key: any SigningKey) throws(GatewayError) -> Transaction {
        guard (2...Self.mergeInputsMax).contains(coins.count) else {
            throw GatewayError(.badOrder, "merge 2...\(Self.mergeInputsMax) coins, not \(coins.count)")
        }
        var total: UInt64 = 0
        for coin in coins {
            let (sum, overflow) = total.addingReportingOverflow(coin.amount)
            guard !overflow else { throw GatewayError(.badOrder, "the coins together hold more than a UInt64 holds") }
            total = sum
        }
        let inputs = coins.map { Input(spending: $0.id, witness: .signature(Self.placeholder)) }
        let output = Output(asset: asset, amount: Amount(total), program: .payToKey(key.publicKey))
        return try sign(Transaction(inputs: inputs, outputs: [output]), key: key)
    }

    /// A cancel of `orderID`, signed by the order's seller key.
    public func cancel(_ orderID: Hash256, key: any SigningKey) throws(GatewayError) -> CancelRequest {
        do { return try CancelRequest.signed(orderID: orderID, chainID: config.chainID, key: key, suite: config.suite) } catch {
            throw GatewayError(.badOrder, "cannot sign the cancel: \(error)")
        }
    }

    /// What the order locks: `size` base for a sell, `size × price / baseUnit` quote for a buy.
    private func lockedAmount(_ side: Side, price: UInt64, size: UInt64) throws(GatewayError) -> UInt64 {
        guard price > 0, size > 0 else { throw GatewayError(.badOrder, "price and size must be above 0") }
        guard side == .buy else { return size }
        let product = size.multipliedFullWidth(by: price)
        guard product.high < market.baseUnit else { throw GatewayError(.badOrder, "size × price is too large") }
        let (value, remainder) = market.baseUnit.dividingFullWidth(product)
        guard remainder == 0 else { throw GatewayError(.badOrder, "size × price is not a whole number of quote units") }
        return value
    }

    private func ratio(_ side: Side, price: UInt64) throws(GatewayError) -> Ratio {
        do { return side == .sell ? try Ratio(price, market.baseUnit) : try Ratio(market.baseUnit, price) } catch {
            throw GatewayError(.badOrder, "price \(price): \(error)")
        }
    }

    /// Signs every input with `key` under `clause` (a coin of the key, or an order's cancel clause).
    func sign(_ unsigned: Transaction, key: any SigningKey, clause: (Signature) -> Witness = Witness.signature) throws(GatewayError)
        -> Transaction
    {
        let suite = config.suite
        do {
            return try unsigned.withWitnesses(chainID: config.chainID, suite: suite) { _, sighash in
                clause(try suite.sign(sighash, with: key))
            }
        } catch {
            throw GatewayError(.badOrder, "cannot sign: \(error)")
        }
    }

    /// Stands in for each signature while the transaction ID is computed (IDs leave witnesses out).
    static let placeholder = try! Signature(bytes: [UInt8](repeating: 0, count: 64))
}
