import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Matching

/// The exchange's handle table (book handle → order ID, a table indexed by the dense handle):
/// it names exactly the orders tracked now, whatever it grew to.
@Suite("Exchange handles: a handle names the order resting under it, and nothing else")
struct ExchangeHandleTests {
    @Test(
        "a resting order's handle names it; once filled, its handle names nothing; handles never tracked or past the table name nothing"
    )
    func handlesNameTrackedOrders() throws {
        var f = ChainFixture()
        let sell = f.order(f.alice, .sell, price: 50_000_000_000, size: 1_000_000)
        let resting = f.order(f.bob, .sell, price: 60_000_000_000, size: 1_000_000)
        try f.block([sell, resting])
        let sold = try #require(f.state.exchange.liveOrder(f.orderID(of: sell)))
        let rests = try #require(f.state.exchange.liveOrder(f.orderID(of: resting)))
        #expect(f.state.exchange.orderID(market: 0, handle: sold.handle) == f.orderID(of: sell))
        #expect(f.state.exchange.orderID(market: 0, handle: rests.handle) == f.orderID(of: resting))
        let neverTracked = OrderID(Exchange.capacity.maxOrderIDs - 1)
        #expect(f.state.exchange.orderID(market: 0, handle: neverTracked) == nil)

        let buy = f.order(f.carol, .buy, price: 50_000_000_000, size: 1_000_000)
        let (_, outcome) = try f.block([buy])
        #expect(outcome.trades.count == 1)
        #expect(f.state.exchange.liveOrder(f.orderID(of: sell)) == nil)
        #expect(f.state.exchange.orderID(market: 0, handle: sold.handle) == nil)
        #expect(f.state.exchange.orderID(market: 0, handle: rests.handle) == f.orderID(of: resting))
    }
}
