import Chain

/// What the feeds need of a market: its symbol and the grid that turns the book's ticks
/// and lots back into raw prices (quote minor units per whole base unit) and sizes (base
/// minor units).
public struct FeedMarket: Sendable, Equatable {
    /// Position in the genesis market list (`Trade.market`, `BlockOutcome.events`).
    public let index: Int
    public let symbol: String
    public let tickSize: UInt64
    public let lotSize: UInt64

    /// A market; tick and lot sizes must be above 0.
    public init(index: Int, symbol: String, tickSize: UInt64, lotSize: UInt64) throws(FeedError) {
        guard index >= 0, tickSize > 0, lotSize > 0 else {
            throw .invalidSetting("market \(symbol): index \(index), tick \(tickSize) and lot \(lotSize) must be valid")
        }
        self.index = index
        self.symbol = symbol
        self.tickSize = tickSize
        self.lotSize = lotSize
    }

    /// The chain's market.
    public init(_ market: ChainMarket) {
        // ChainMarket checked its definition: tick and lot are above 0.
        try! self.init(index: market.index, symbol: market.symbol, tickSize: market.definition.tickSize, lotSize: market.definition.lotSize)
    }

    /// Raw price of `ticks` (> 0). The market rules bound every book price so this fits.
    func price(ticks: Int64) -> UInt64 {
        precondition(ticks > 0, "book prices are positive")
        return UInt64(ticks) * tickSize
    }

    /// Raw size of `lots` (≥ 0); entry rules made every size from a 64-bit raw amount.
    func size(lots: Int64) -> UInt64 {
        precondition(lots >= 0, "book sizes are never negative")
        return UInt64(lots) * lotSize
    }
}
