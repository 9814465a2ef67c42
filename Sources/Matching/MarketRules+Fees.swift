extension MarketRules {
    /// The fee of `bps` basis points on `price × size`, rounded up (toward the exchange):
    /// `ceil(price × size × bps / 10_000)`, never more than one unit above the exact value.
    ///
    /// Exact in integers: the notional fits in `Int64` (a rules invariant), and the product
    /// with `bps` is taken full-width before dividing, so nothing overflows.
    @inlinable
    public static func fee(price: Int64, size: Int64, bps: Int64) -> Int64 {
        assert(price > 0 && size > 0 && (0...bpsPerWhole).contains(bps), "fee inputs out of range")
        let notional = price.multipliedReportingOverflow(by: size)
        precondition(!notional.overflow, "notional overflow: rules bound price × size")
        let wide = UInt64(notional.partialValue).multipliedFullWidth(by: UInt64(bps))
        let (quotient, remainder) = UInt64(bpsPerWhole).dividingFullWidth(wide)
        return Int64(quotient) + (remainder == 0 ? 0 : 1)
    }

    /// The fill of `size` between `maker` and `taker` at the maker's `price`, with both fees.
    @inlinable
    public func fill(maker: OrderID, taker: OrderID, takerSide: Side, price: Int64, size: Int64) -> Fill {
        Fill(
            maker: maker, taker: taker, takerSide: takerSide, price: price, size: size,
            makerFee: makerFee(price: price, size: size), takerFee: takerFee(price: price, size: size))
    }

    /// The maker's fee on a fill of `size` at `price`.
    @inlinable
    public func makerFee(price: Int64, size: Int64) -> Int64 { Self.fee(price: price, size: size, bps: makerFeeBps) }

    /// The taker's fee on a fill of `size` at `price`.
    @inlinable
    public func takerFee(price: Int64, size: Int64) -> Int64 { Self.fee(price: price, size: size, bps: takerFeeBps) }
}
