import Markets
import Matching

/// `--market FILE`: a market file of `Markets/` (read and checked by the Markets module,
/// every rule and error of docs/MARKETS.md applies) turned into the book's rules. The
/// replay works in raw units (prices in quote minor units per whole base unit, sizes in
/// base minor units), so the tick and lot are the file's own; the largest order size is
/// capped so that the largest price times it still fits the book's 64-bit notional.
enum MarketFile {
    static func rules(path: String) throws(ReplayError) -> MarketRules {
        let definition: MarketDefinition
        do {
            definition = try MarketDefinition.load(path: path)
        } catch {
            throw .invalidMarketFile(path: path, line: 0, reason: error.description)
        }
        return try rules(definition, path: path)
    }

    static func rules(_ definition: MarketDefinition, path: String) throws(ReplayError) -> MarketRules {
        let tick = Int64(clamping: definition.tickSize)
        let highestPrice = definition.maxPriceTicks.map { Int64(clamping: $0) * tick } ?? Int64.max / MarketRules.defaultMaxSize
        let lowestPrice = Int64(clamping: definition.minPriceTicks ?? 1) * tick
        do {
            return try MarketRules(
                tickSize: tick, lotSize: Int64(clamping: definition.lotSize), minSize: Int64(clamping: definition.minSize),
                maxSize: min(MarketRules.defaultMaxSize, Int64.max / max(highestPrice, 1)),
                makerFeeBps: Int64(definition.makerFeeBps), takerFeeBps: Int64(definition.takerFeeBps),
                selfTradePolicy: definition.selfTradePolicy.matchingPolicy, priceBounds: lowestPrice...max(lowestPrice, highestPrice))
        } catch {
            throw .invalidMarketFile(path: path, line: 0, reason: error.message)
        }
    }

}
