/// The keys a market file may contain, spelled as in the file.
///
/// `allCases` order is the order in which a file's keys are read, so the first problem
/// reported for a file is always the same one.
enum MarketKey: String, CaseIterable {
    case symbol
    case base
    case quote
    case tickSize = "tick_size"
    case lotSize = "lot_size"
    case minSize = "min_size"
    case makerFeeBps = "maker_fee_bps"
    case takerFeeBps = "taker_fee_bps"
    case selfTradePolicy = "self_trade_policy"
    case status
    case minPriceTicks = "min_price_ticks"
    case maxPriceTicks = "max_price_ticks"
    case baseDecimals = "base_decimals"
    case quoteDecimals = "quote_decimals"
}
