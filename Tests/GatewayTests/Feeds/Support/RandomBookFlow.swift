import Chain
@testable import Gateway
import Matching
import Primitives
import PropertyBased
import TestSupport

/// Random order flow through a real matching book, cut into blocks as the chain reports
/// them (book events with order IDs, trades in raw units): what the publisher is fed.
struct RandomBookFlow {
    static let market = try! FeedMarket(index: 0, symbol: "BTC-USDT", tickSize: 100, lotSize: 1_000)
    static let capacity = try! BookCapacity(maxRestingOrders: 1 << 14, maxPriceLevels: 1 << 10, maxOrderIDs: 1 << 16)

    private(set) var book = FastBook(rules: try! MarketRules(), capacity: capacity)
    private var rng: Xoshiro
    private var nextHandle: UInt32 = 0
    private(set) var height: UInt64 = 0

    init(seed: UInt64) {
        rng = seededRandom(seed)
    }

    /// The chain order ID of book handle `handle`.
    static func orderID(_ handle: OrderID) -> Hash256 {
        let raw = handle.rawValue
        return try! Hash256(bytes: [UInt8(raw >> 24), UInt8(raw >> 16 & 0xFF), UInt8(raw >> 8 & 0xFF), UInt8(raw & 0xFF)] + Array(repeating: 0xAB, count: 28))
    }

    /// One block of `operations` random submits (most) and cancels, around a mid of 1000 ticks.
    mutating func nextBlock(operations: Int) -> FeedBlock {
        var log = EventLog()
        for _ in 0..<operations {
            if nextHandle > 0, Int.random(in: 0..<4, using: &rng) == 0 {
                try? book.cancel(OrderID(UInt32.random(in: 0..<nextHandle, using: &rng)), into: &log)
            } else {
                let order = NewOrder(
                    id: OrderID(nextHandle), owner: OwnerID(UInt32(nextHandle % 7)),
                    side: Bool.random(using: &rng) ? .buy : .sell,
                    price: Int64.random(in: 990...1_010, using: &rng), size: Int64.random(in: 1...20, using: &rng))
                nextHandle += 1
                try? book.submit(order, into: &log)
            }
        }
        height += 1
        let events = log.drain()
        return FeedBlock(
            height: height, hash: Self.orderID(OrderID(UInt32(height))), timestampMs: 1_700_000_000_000 + height,
            transactionCount: operations, cancelCount: 0,
            events: [events.map { FeedBookEvent(event: $0, orderIDs: $0.orderIDs.map(Self.orderID)) }],
            trades: events.compactMap(Self.trade))
    }

    /// One side of the book in raw units: price → total size.
    func ladder(_ side: Side) -> [UInt64: UInt64] {
        Dictionary(uniqueKeysWithValues: book.levels(side).map {
            (Self.market.price(ticks: $0.price), Self.market.size(lots: $0.totalSize))
        })
    }

    private static func trade(_ event: BookEvent) -> Trade? {
        guard case let .fill(fill) = event else { return nil }
        return Trade(
            market: 0, maker: orderID(fill.maker), taker: orderID(fill.taker), takerSide: fill.takerSide,
            price: market.price(ticks: fill.price), size: market.size(lots: fill.size))
    }
}
