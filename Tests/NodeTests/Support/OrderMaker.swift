import Chain
import Crypto
import Ledger
import Matching
import Primitives

/// Signed order transactions on one market, each spending a trader's coin and returning the
/// change to them, so a trader's orders chain: each spends the previous one's change.
/// Signatures use fixed auxiliary bytes, so the same inputs give the same bytes.
struct OrderMaker {
    let config: ChainConfig
    let market: ChainMarket

    init(config: ChainConfig, symbol: String = "BTC-USDT") {
        self.config = config
        market = config.markets.first { $0.symbol == symbol }!
    }

    /// A coin: an unspent output of the trader.
    struct Coin: Equatable {
        let id: Hash256
        let amount: UInt64
    }

    /// The genesis allocation of `asset` to `key`.
    func genesisCoin(_ key: any SigningKey, asset: String) -> Coin {
        let index = config.genesis.allocations.firstIndex { $0.asset == asset && $0.program == .payToKey(key.publicKey) }!
        let id = Transaction.outputID(transactionID: config.chainID, index: index, suite: config.suite)
        return Coin(id: id, amount: config.genesis.allocations[index].amount.units)
    }

    /// The asset a side offers: base to sell, quote to buy.
    func offeredAsset(_ side: Side) -> String { side == .sell ? market.definition.baseAsset : market.definition.quoteAsset }

    /// An order of `size` base minor units at `price` (quote minor units per whole base
    /// unit), paid from `coin`; returns it and its change coin.
    func order(_ key: any SigningKey, _ side: Side, price: UInt64, size: UInt64, from coin: Coin) -> (Transaction, Coin) {
        let offered = config.assetIDs[offeredAsset(side)]!
        let requested = side == .sell ? market.quoteAsset : market.baseAsset
        let amount = side == .sell ? size : market.quoteValue(size: size, price: price)
        let ratio = side == .sell ? try! Ratio(price, market.baseUnit) : try! Ratio(market.baseUnit, price)
        let contract = MagneticOrder(
            requestedAsset: requested, price: ratio, sellerProgram: .payToKey(key.publicKey), sellerKey: key.publicKey,
            maxFeeBps: market.maxFeeBps)
        precondition(coin.amount > amount, "the coin pays for the order and leaves change")
        let unsigned = Transaction(
            inputs: [Input(spending: coin.id, witness: .signature(Self.placeholder))],
            outputs: [
                Output(asset: offered, amount: Amount(amount), program: .magneticOrder(contract)),
                Output(asset: offered, amount: Amount(coin.amount - amount), program: .payToKey(key.publicKey)),
            ])
        let signed = unsigned.withWitnesses(chainID: config.chainID, suite: config.suite) { _, sighash in
            .signature(try! config.suite.sign(sighash, with: key, auxiliary: [UInt8](repeating: 0, count: 32)))
        }
        let id = signed.id(suite: config.suite)
        let change = Coin(id: Transaction.outputID(transactionID: id, index: 1, suite: config.suite), amount: coin.amount - amount)
        return (signed, change)
    }

    static let placeholder = try! Signature(bytes: [UInt8](repeating: 0, count: 64))
}
