/// The trading rules of one market, as the matching core needs them: the price and size grid,
/// the order size and price bounds, the fees and the self-trade policy.
///
/// Invariants (checked at init): tick, lot and min size are positive; `maxSize` is in
/// `minSize...sizeCeiling`; fees are in `0...10_000` bps; the price bounds are positive and
/// ordered; and `maxPrice × maxSize` fits in `Int64`, so a fill's notional never overflows.
public struct MarketRules: Sendable, Hashable {
    /// Largest `maxSize` allowed: with at most `BookCapacity.slotCeiling` (2^24) resting
    /// orders, a level's total (≤ 2^24 × 2^36 = 2^60) stays far inside `Int64`.
    public static let sizeCeiling: Int64 = 1 << 36
    /// Default per-order maximum size.
    public static let defaultMaxSize: Int64 = 1 << 32
    /// Basis points in one whole (100%).
    public static let bpsPerWhole: Int64 = 10_000

    /// A price must be a positive multiple of this (raw quote units per base unit).
    public let tickSize: Int64
    /// A size must be a positive multiple of this (raw base units).
    public let lotSize: Int64
    /// Smallest accepted order size.
    public let minSize: Int64
    /// Largest accepted order size.
    public let maxSize: Int64
    /// Fee charged to the resting side of each fill, in basis points of the notional.
    public let makerFeeBps: Int64
    /// Fee charged to the taking side of each fill, in basis points of the notional.
    public let takerFeeBps: Int64
    /// What happens when a taker meets its own owner's resting order.
    public let selfTradePolicy: SelfTradePolicy
    /// Accepted prices. When not given at init: `tickSize ... Int64.max / maxSize` (the
    /// largest price whose notional at `maxSize` still fits in `Int64`).
    public let priceBounds: ClosedRange<Int64>

    /// Builds and checks rules; throws `invalid_rules` naming the broken invariant.
    public init(
        tickSize: Int64 = 1, lotSize: Int64 = 1, minSize: Int64 = 1, maxSize: Int64 = defaultMaxSize,
        makerFeeBps: Int64 = 0, takerFeeBps: Int64 = 0,
        selfTradePolicy: SelfTradePolicy = .cancelResting, priceBounds: ClosedRange<Int64>? = nil
    ) throws(MatchingError) {
        guard tickSize > 0, lotSize > 0, minSize > 0 else {
            throw .invalidRules("tick \(tickSize), lot \(lotSize) and min size \(minSize) must be greater than 0")
        }
        guard maxSize >= minSize, maxSize <= Self.sizeCeiling else {
            throw .invalidRules("max size \(maxSize) must be in \(minSize)...\(Self.sizeCeiling)")
        }
        let fees = 0...Self.bpsPerWhole
        guard fees.contains(makerFeeBps), fees.contains(takerFeeBps) else {
            throw .invalidRules("fees \(makerFeeBps)/\(takerFeeBps) bps must be in 0...\(Self.bpsPerWhole)")
        }
        let priceCeiling = Int64.max / maxSize
        guard tickSize <= priceCeiling else {
            throw .invalidRules("tick \(tickSize) × max size \(maxSize) overflows Int64")
        }
        let bounds = priceBounds ?? tickSize...priceCeiling
        guard bounds.lowerBound > 0 else { throw .invalidRules("price bounds must be positive") }
        guard !bounds.upperBound.multipliedReportingOverflow(by: maxSize).overflow else {
            throw .invalidRules("max price \(bounds.upperBound) × max size \(maxSize) overflows Int64")
        }
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minSize = minSize
        self.maxSize = maxSize
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.selfTradePolicy = selfTradePolicy
        self.priceBounds = bounds
    }

    /// Throws the first rule a price breaks: positive, on the tick grid, inside the bounds.
    @inlinable
    public func check(price: Int64) throws(MatchingError) {
        guard price > 0 else { throw .priceNotPositive(price: price) }
        guard price % tickSize == 0 else { throw .priceOffTick(price: price, tickSize: tickSize) }
        guard priceBounds.contains(price) else { throw .priceOutOfBounds(price: price, bounds: priceBounds) }
    }

    /// Throws the first rule a size breaks: positive, whole lots, at least the minimum, at
    /// most the maximum.
    @inlinable
    public func check(size: Int64) throws(MatchingError) {
        guard size > 0 else { throw .sizeNotPositive(size: size) }
        guard size % lotSize == 0 else { throw .sizeNotWholeLots(size: size, lotSize: lotSize) }
        guard size >= minSize else { throw .sizeUnderMinimum(size: size, minSize: minSize) }
        guard size <= maxSize else { throw .sizeOverMaximum(size: size, maxSize: maxSize) }
    }
}
