import Crypto
import Ledger
import Markets
import Matching
import Primitives

/// A market as the chain runs it: the operator's definition, the asset IDs of its base and
/// quote, and the rules handed to the matching core.
///
/// Fees are charged by the chain, in the asset each side receives (see `SettlementBuilder`),
/// so the matching core's own fee fields are zero here.
public struct ChainMarket: Sendable, Equatable {
    /// Position in the genesis market list; stable for the chain's life.
    public let index: Int
    public let definition: MarketDefinition
    public let baseAsset: AssetID
    public let quoteAsset: AssetID
    /// `10^base_decimals`: base minor units per whole base unit (the price's denominator).
    public let baseUnit: UInt64
    /// The book's rules, in ticks (price / tick_size) and lots (size / lot_size).
    public let rules: MarketRules

    public var symbol: String { definition.symbol }

    /// The highest fee either side can be charged; an order's fee cap must reach it.
    public var maxFeeBps: UInt16 { max(definition.makerFeeBps, definition.takerFeeBps) }

    public init(index: Int, definition: MarketDefinition, baseAsset: AssetID, quoteAsset: AssetID) throws(ChainError) {
        self.index = index
        self.definition = definition
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        baseUnit = MarketDefinition.baseUnit(decimals: definition.baseDecimals)
        // The book counts in ticks and lots, so its products stay small: a price is
        // `ticks × tick_size`, a size `lots × lot_size`.
        let maxLots = MarketRules.defaultMaxSize
        let ceilingTicks = Int64.max / maxLots
        let lowTicks = Self.clampedTicks(definition.minPriceTicks ?? 1, ceiling: ceilingTicks)
        let highTicks = Self.clampedTicks(definition.maxPriceTicks ?? .max, ceiling: ceilingTicks)
        do {
            rules = try MarketRules(
                // Minimum size is an entry rule the chain checks itself: a partial fill's
                // remainder may be smaller and must still rest (and re-rest on restart).
                tickSize: 1, lotSize: 1, minSize: 1, maxSize: maxLots,
                makerFeeBps: 0, takerFeeBps: 0, selfTradePolicy: definition.selfTradePolicy.matchingPolicy,
                priceBounds: lowTicks...max(lowTicks, highTicks))
        } catch {
            throw .orderOffGrid(symbol: definition.symbol, rule: "market rules unusable by the matching core: \(error)")
        }
    }

    private static func clampedTicks(_ ticks: UInt64, ceiling: Int64) -> Int64 {
        Int64(min(ticks, UInt64(ceiling)))
    }

}
