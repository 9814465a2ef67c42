import Ledger
import Matching
import Primitives

/// A magnetic order read as an order of one market's book.
///
/// A sell offers base and requests quote at `price / 10^base_decimals` (the ratio must be
/// exactly `price / baseUnit`); a buy offers quote and requests base at `baseUnit / price`,
/// and locks exactly `size × price / baseUnit` quote. Prices and sizes are then in ticks and
/// lots for the book.
public struct OrderTerms: Sendable, Equatable {
    public let market: Int
    public let side: Side
    /// Limit price in quote minor units per whole base unit.
    public let price: UInt64
    /// Size in base minor units.
    public let size: UInt64
    public let priceTicks: Int64
    public let sizeLots: Int64
}

extension ChainMarket {
    /// The side of an order offering `offered` for `requested` in this market, if any.
    public func side(offered: AssetID, requested: AssetID) -> Side? {
        if offered == baseAsset && requested == quoteAsset { return .sell }
        if offered == quoteAsset && requested == baseAsset { return .buy }
        return nil
    }

    /// Checks a magnetic output against this market's entry rules and reads its terms. A
    /// `remainder` (a partly filled order being restored) skips the rules that apply only
    /// at entry: market status and minimum size.
    public func terms(of output: Output, order: MagneticOrder, side: Side, remainder: Bool = false) throws(ChainError) -> OrderTerms {
        guard remainder || definition.status == .active else { throw .marketNotActive(symbol: symbol) }
        guard order.maxFeeBps >= maxFeeBps else {
            throw .feeCapTooLow(symbol: symbol, capBps: order.maxFeeBps, requiredBps: maxFeeBps)
        }
        let (price, size) = try side == .sell ? sellTerms(output, order) : buyTerms(output, order)
        guard price % definition.tickSize == 0 else { throw offGrid("price \(price) is not a multiple of tick_size \(definition.tickSize)") }
        guard size % definition.lotSize == 0 else { throw offGrid("size \(size) is not a whole number of lots of \(definition.lotSize)") }
        guard remainder || size >= definition.minSize else { throw offGrid("size \(size) is under min_size \(definition.minSize)") }
        let ticks = Int64(clamping: price / definition.tickSize)
        let lots = Int64(clamping: size / definition.lotSize)
        do {
            try rules.check(price: ticks)
            try rules.check(size: lots)
        } catch {
            throw offGrid("\(error.message) (in ticks of \(definition.tickSize) and lots of \(definition.lotSize))")
        }
        return OrderTerms(market: index, side: side, price: price, size: size, priceTicks: ticks, sizeLots: lots)
    }

    /// A sell's ratio must be exactly `price / baseUnit`; its size is the offered amount.
    private func sellTerms(_ output: Output, _ order: MagneticOrder) throws(ChainError) -> (UInt64, UInt64) {
        guard order.price.denominator == baseUnit else {
            throw offGrid("a sell's price ratio must be price / \(baseUnit) (10^base_decimals)")
        }
        let price = order.price.numerator
        // Its proceeds must fit in 64 bits; every later fill is then smaller.
        guard price.multipliedFullWidth(by: output.amount.units).high < baseUnit else {
            throw offGrid("size × price / \(baseUnit) overflows 64 bits")
        }
        return (price, output.amount.units)
    }

    /// A buy's ratio must be exactly `baseUnit / price`; it locks `size × price / baseUnit`.
    private func buyTerms(_ output: Output, _ order: MagneticOrder) throws(ChainError) -> (UInt64, UInt64) {
        guard order.price.numerator == baseUnit else {
            throw offGrid("a buy's price ratio must be \(baseUnit) (10^base_decimals) / price")
        }
        let price = order.price.denominator
        let product = output.amount.units.multipliedFullWidth(by: baseUnit)
        guard product.high < price else { throw offGrid("size overflows 64 bits") }
        let (size, remainder) = price.dividingFullWidth(product)
        guard remainder == 0 else {
            throw offGrid("a buy must lock exactly size × price / \(baseUnit) of the quote asset")
        }
        return (price, size)
    }

    private func offGrid(_ rule: String) -> ChainError { .orderOffGrid(symbol: symbol, rule: rule) }

    /// Quote minor units worth `size` base minor units at `price`: whole by the market rule
    /// that lot × tick is a multiple of 10^base_decimals, and within 64 bits because entry
    /// checked every order's own value and a fill is never larger than both orders' values.
    public func quoteValue(size: UInt64, price: UInt64) -> UInt64 {
        let product = size.multipliedFullWidth(by: price)
        precondition(product.high < baseUnit, "entry rules bound every order's value to 64 bits")
        let (value, remainder) = baseUnit.dividingFullWidth(product)
        precondition(remainder == 0, "lot × tick must be a multiple of 10^base_decimals")
        return value
    }
}
