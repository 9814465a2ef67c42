import Markets

/// One market as genesis.json carries it: the keys of a market file (docs/MARKETS.md), so
/// every node runs exactly the markets the genesis names, whatever its own `Markets/` holds.
public struct MarketEntry: Codable, Sendable, Equatable {
    public var symbol: String
    public var base: String
    public var quote: String
    public var tickSize: UInt64
    public var lotSize: UInt64
    public var minSize: UInt64
    public var makerFeeBps: UInt16
    public var takerFeeBps: UInt16
    public var selfTradePolicy: String
    public var status: String
    public var minPriceTicks: UInt64?
    public var maxPriceTicks: UInt64?
    public var baseDecimals: UInt8
    public var quoteDecimals: UInt8

    enum CodingKeys: String, CodingKey {
        case symbol, base, quote, status
        case tickSize = "tick_size"
        case lotSize = "lot_size"
        case minSize = "min_size"
        case makerFeeBps = "maker_fee_bps"
        case takerFeeBps = "taker_fee_bps"
        case selfTradePolicy = "self_trade_policy"
        case minPriceTicks = "min_price_ticks"
        case maxPriceTicks = "max_price_ticks"
        case baseDecimals = "base_decimals"
        case quoteDecimals = "quote_decimals"
    }

    /// Every key but the price bounds is required; a bad number names its key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try container.field(.symbol)
        base = try container.field(.base)
        quote = try container.field(.quote)
        tickSize = try container.field(.tickSize)
        lotSize = try container.field(.lotSize)
        minSize = try container.field(.minSize)
        makerFeeBps = try container.field(.makerFeeBps)
        takerFeeBps = try container.field(.takerFeeBps)
        selfTradePolicy = try container.field(.selfTradePolicy)
        status = try container.field(.status)
        minPriceTicks = try container.fieldIfPresent(.minPriceTicks)
        maxPriceTicks = try container.fieldIfPresent(.maxPriceTicks)
        baseDecimals = try container.field(.baseDecimals)
        quoteDecimals = try container.field(.quoteDecimals)
    }

    /// The entry of a loaded market file.
    public init(_ market: MarketDefinition) {
        symbol = market.symbol
        base = market.baseAsset
        quote = market.quoteAsset
        tickSize = market.tickSize
        lotSize = market.lotSize
        minSize = market.minSize
        makerFeeBps = market.makerFeeBps
        takerFeeBps = market.takerFeeBps
        selfTradePolicy = market.selfTradePolicy.rawValue
        status = market.status.rawValue
        minPriceTicks = market.minPriceTicks
        maxPriceTicks = market.maxPriceTicks
        baseDecimals = market.baseDecimals
        quoteDecimals = market.quoteDecimals
    }

    /// The market, checked against every market rule; errors name `field` and the key.
    func definition(path: String, field: String) throws(NodeError) -> MarketDefinition {
        guard let policy = SelfTradePolicy(rawValue: selfTradePolicy) else {
            throw .configInvalid(path: path, field: "\(field).self_trade_policy", reason: "unknown policy '\(selfTradePolicy)'")
        }
        guard let marketStatus = MarketStatus(rawValue: status) else {
            throw .configInvalid(path: path, field: "\(field).status", reason: "unknown status '\(status)'")
        }
        do {
            return try MarketDefinition(
                symbol: symbol, baseAsset: base, quoteAsset: quote, tickSize: tickSize, lotSize: lotSize,
                minSize: minSize, makerFeeBps: makerFeeBps, takerFeeBps: takerFeeBps, selfTradePolicy: policy,
                status: marketStatus, minPriceTicks: minPriceTicks, maxPriceTicks: maxPriceTicks,
                baseDecimals: baseDecimals, quoteDecimals: quoteDecimals)
        } catch {
            throw .configInvalid(path: path, field: "\(field).\(error.key)", reason: error.problem.detail)
        }
    }
}
