import Matching
import Testing

@Suite("Side, time in force, self-trade policy")
struct SideTests {
    @Test("a buy crosses asks at or below its limit, a sell bids at or above")
    func crosses() {
        #expect(Side.buy.crosses(limit: 100, resting: 100) && !Side.buy.crosses(limit: 100, resting: 101))
        #expect(Side.sell.crosses(limit: 100, resting: 100) && !Side.sell.crosses(limit: 100, resting: 99))
        #expect(Side.buy.isBetter(101, than: 100) && Side.sell.isBetter(99, than: 100))
        #expect(Side.buy.opposite == .sell && Side.sell.opposite == .buy)
    }

    @Test("only GTC and post-only rest; each policy cancels what its name says")
    func flags() {
        #expect(TimeInForce.allCases.filter(\.rests) == [.goodTillCancel, .postOnly])
        #expect(SelfTradePolicy.allCases.filter(\.cancelsResting) == [.cancelResting, .cancelBoth])
        #expect(SelfTradePolicy.allCases.filter(\.cancelsTaker) == [.cancelTaker, .cancelBoth])
    }
}
