import Matching

extension Exchange {
    /// One market's book at a glance: resting orders per side and the best prices.
    public struct BookSummary: Sendable, Equatable {
        public let bids: Int
        public let asks: Int
        /// Quote minor units per whole base unit; nil for an empty side.
        public let bestBid: UInt64?
        public let bestAsk: UInt64?
    }

    /// The summary of `market`'s book, read from the book itself: O(bid price levels), never a
    /// pass over orders or the UTXO set, so a node can publish it after every block.
    public func bookSummary(market: Int) -> BookSummary {
        let book = books[market]
        let bids = book.levels(.buy).reduce(0) { $0 + $1.orderCount }
        let tickSize = markets[market].definition.tickSize
        // A book price is `price / tick_size` of a price on the grid, so the product is that price.
        func price(_ side: Side) -> UInt64? { book.bestPrice(side).map { UInt64($0) * tickSize } }
        return BookSummary(bids: bids, asks: book.restingOrderCount - bids, bestBid: price(.buy), bestAsk: price(.sell))
    }
}
