/// One market an operator hosts: what is traded, on which price and size grid, at what fees.
///
/// A value always satisfies every market rule (see docs/MARKETS.md): the initializer checks
/// them all and throws `MarketRuleError` naming the first one broken. Amounts are integers
/// in minor units, never floating point:
/// - a price is in quote minor units per one whole base unit, a multiple of `tickSize`;
/// - a size is in base minor units, a multiple of `lotSize` and at least `minSize`.
public struct MarketDefinition: Sendable, Equatable {
    /// Market symbol, `<base>-<quote>`, e.g. `BTC-USDT`; the file is `<symbol>.toml`.
    public let symbol: String
    /// Asset bought and sold, e.g. `BTC`: uppercase A-Z and 0-9, at most 12 characters.
    public let baseAsset: String
    /// Asset prices are quoted in, e.g. `USDT`; same form as `baseAsset`, and distinct from it.
    public let quoteAsset: String
    /// Price step, in quote minor units per base unit: every price is a multiple of it.
    public let tickSize: UInt64
    /// Size step, in base minor units: every size is a multiple of it.
    public let lotSize: UInt64
    /// Smallest order size, in base minor units: a multiple of `lotSize`, at least one lot.
    public let minSize: UInt64
    /// Fee charged to the resting side of a fill, in basis points (0...1000; no rebates).
    public let makerFeeBps: UInt16
    /// Fee charged to the incoming side of a fill, in basis points (0...1000).
    public let takerFeeBps: UInt16
    /// What happens when an order would trade with its owner's resting order.
    public let selfTradePolicy: SelfTradePolicy
    /// Whether the market takes orders.
    public let status: MarketStatus
    /// Lowest accepted price, in ticks (price / `tickSize`); `nil` means 1 tick.
    public let minPriceTicks: UInt64?
    /// Highest accepted price, in ticks; `nil` means the largest price that fits in 64 bits.
    /// A guard against fat-finger orders.
    public let maxPriceTicks: UInt64?
    /// Decimals of the base asset (0...18): 8 means 1 BTC = 10^8 minor units. Prices are per
    /// whole base unit, so a trade of `size` at `price` is worth `size × price / 10^baseDecimals`.
    public let baseDecimals: UInt8
    /// Decimals of the quote asset, for display only (0...18).
    public let quoteDecimals: UInt8

    /// A market definition, checked against every market rule.
    ///
    /// - Throws: `MarketRuleError` naming the market-file key of the first field that breaks
    ///   a rule; nothing is created then.
    public init(
        symbol: String,
        baseAsset: String,
        quoteAsset: String,
        tickSize: UInt64,
        lotSize: UInt64,
        minSize: UInt64,
        makerFeeBps: UInt16,
        takerFeeBps: UInt16,
        selfTradePolicy: SelfTradePolicy = .cancelResting,
        status: MarketStatus,
        minPriceTicks: UInt64? = nil,
        maxPriceTicks: UInt64? = nil,
        baseDecimals: UInt8,
        quoteDecimals: UInt8
    ) throws(MarketRuleError) {
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.tickSize = tickSize
        self.lotSize = lotSize
        self.minSize = minSize
        self.makerFeeBps = makerFeeBps
        self.takerFeeBps = takerFeeBps
        self.selfTradePolicy = selfTradePolicy
        self.status = status
        self.minPriceTicks = minPriceTicks
        self.maxPriceTicks = maxPriceTicks
        self.baseDecimals = baseDecimals
        self.quoteDecimals = quoteDecimals
        try checkRules()
    }
}
