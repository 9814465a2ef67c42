/// The price and size grid a market imposes on orders.
extension MarketDefinition {
    /// Whether a price, in quote minor units per base unit, is a whole number of ticks
    /// within `minPriceTicks...maxPriceTicks` (1 tick and no upper bound when unset).
    public func acceptsPrice(_ priceQuoteMinor: UInt64) -> Bool {
        assert(tickSize > 0, "checked at init")
        guard priceQuoteMinor % tickSize == 0 else { return false }
        let ticks = priceQuoteMinor / tickSize
        return (minPriceTicks ?? 1)...(maxPriceTicks ?? .max) ~= ticks
    }

    /// Whether a size, in base minor units, is a whole number of lots and at least `minSize`.
    public func acceptsSize(_ sizeBaseMinor: UInt64) -> Bool {
        assert(lotSize > 0, "checked at init")
        return sizeBaseMinor >= minSize && sizeBaseMinor % lotSize == 0
    }
}
