import Chain
import Crypto
import Ledger
import Matching
import Primitives
import PropertyBased
import TestSupport

/// Pre-signed orders of two traders, seeded: trader 1 sells BTC and trader 2 buys it around
/// one price, so many cross. Each trader's orders form a chain: every order spends the
/// previous one's change, so an order can only be admitted after the one before it.
struct OrderChains {
    /// chains[c][k]: the k-th order of trader c + 1.
    let chains: [[Transaction]]

    init(config: ChainConfig, traders: [any SigningKey], length: Int, seed: UInt64) {
        let maker = OrderMaker(config: config)
        var rng = seededRandom(seed)
        var chains = [[Transaction]]()
        for (index, trader) in traders.enumerated() {
            let side: Side = index % 2 == 0 ? .sell : .buy
            var coin = maker.genesisCoin(trader, asset: maker.offeredAsset(side))
            var chain = [Transaction]()
            for _ in 0..<length {
                // Whole USDT prices around 30,000 (sells a little higher), 0.0001-0.005 BTC.
                let offset = Gen.int(in: side == .sell ? 0...12 : -8...6).run(using: &rng)
                let price = UInt64(30_000 + offset) * 1_000_000
                let size = UInt64(Gen.int(in: 1...50).run(using: &rng)) * 10_000
                let (order, change) = maker.order(trader, side, price: price, size: size, from: coin)
                chain.append(order)
                coin = change
            }
            chains.append(chain)
        }
        self.chains = chains
    }
}
