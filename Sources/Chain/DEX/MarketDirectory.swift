import Ledger
import Primitives

/// The chain's markets and the lookup from an asset pair (either way round) to its market:
/// all that reading an output as an order needs, none of the books. The chain's config
/// holds one (`ChainConfig.directory`), so an order's terms can be read where a transaction
/// enters, and the exchange reads them through the same one.
public struct MarketDirectory: Sendable {
    public let markets: [ChainMarket]
    private let pairs: [AssetPair: Int]

    private struct AssetPair: Hashable {
        let offered: AssetID
        let requested: AssetID
    }

    public init(markets: [ChainMarket]) {
        self.markets = markets
        var pairs: [AssetPair: Int] = [:]
        for market in markets {
            pairs[AssetPair(offered: market.baseAsset, requested: market.quoteAsset)] = market.index
            pairs[AssetPair(offered: market.quoteAsset, requested: market.baseAsset)] = market.index
        }
        self.pairs = pairs
    }

    /// The market trading `offered` against `requested`, if any.
    public func market(offered: AssetID, requested: AssetID) -> ChainMarket? {
        pairs[AssetPair(offered: offered, requested: requested)].map { markets[$0] }
    }

    /// Reads a magnetic output as an order, checking every entry rule (or, for a restored
    /// `remainder`, every rule that still applies).
    public func terms(of output: Output, order: MagneticOrder, remainder: Bool = false) throws(ChainError) -> OrderTerms {
        guard let market = market(offered: output.asset, requested: order.requestedAsset),
            let side = market.side(offered: output.asset, requested: order.requestedAsset)
        else {
            throw .unknownMarket(offered: output.asset, requested: order.requestedAsset)
        }
        return try market.terms(of: output, order: order, side: side, remainder: remainder)
    }
}
