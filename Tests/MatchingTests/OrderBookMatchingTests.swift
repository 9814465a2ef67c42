import Matching
import Testing

/// Price-time matching, time in force, self-trade prevention and fees, on both books.
@Suite("Order book matching")
struct OrderBookMatchingTests {
    @Test("a resting order reports accepted, its L3 add and its L2 level", arguments: Engine.allCases)
    func restingOrderEvents(engine: Engine) {
        var h = Harness(engine)
        let order = buy(1, 100, 5)
        #expect(h.submit(order) == [.accepted(id(1)), added(order), .levelChanged(.buy, price: 100, totalSize: 5)])
        #expect(h.book.levels(.buy) == [PriceLevel(price: 100, totalSize: 5, orderCount: 1)])
    }

    @Test("orders at one price fill in arrival order, at the resting price", arguments: Engine.allCases)
    func priceTimePriority(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 101, 3))
        h.submit(sell(2, 100, 2))
        h.submit(sell(3, 100, 2, owner: 3))
        let events = h.submit(buy(4, 105, 5))
        #expect(fills(events) == [
            Fill(maker: id(2), taker: id(4), takerSide: .buy, price: 100, size: 2, makerFee: 0, takerFee: 0),
            Fill(maker: id(3), taker: id(4), takerSide: .buy, price: 100, size: 2, makerFee: 0, takerFee: 0),
            Fill(maker: id(1), taker: id(4), takerSide: .buy, price: 101, size: 1, makerFee: 0, takerFee: 0),
        ])
        #expect(h.book.levels(.sell) == [PriceLevel(price: 101, totalSize: 2, orderCount: 1)])
        #expect(h.book.levels(.buy).isEmpty)
    }

    @Test("a fill reports the maker's L3 reduction or removal and the L2 change", arguments: Engine.allCases)
    func fillEvents(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 5))
        #expect(h.submit(buy(2, 100, 3)) == [
            .accepted(id(2)), fill(1, 2, .buy, 100, 3), .orderReduced(id(1), size: 2),
            .levelChanged(.sell, price: 100, totalSize: 2),
        ])
        #expect(h.submit(buy(3, 100, 4)) == [
            .accepted(id(3)), fill(1, 3, .buy, 100, 2), .orderRemoved(id(1)),
            .levelChanged(.sell, price: 100, totalSize: 0), added(buy(3, 100, 4), size: 2),
            .levelChanged(.buy, price: 100, totalSize: 2),
        ])
    }

    @Test("a sell taker sweeps bids from the highest price down and stops at its limit", arguments: Engine.allCases)
    func sellSweepStopsAtLimit(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 98, 1))
        h.submit(buy(2, 100, 1))
        h.submit(buy(3, 99, 1))
        let events = h.submit(sell(4, 99, 5))
        #expect(fills(events).map(\.price) == [100, 99])
        #expect(h.book.bestPrice(.buy) == 98)
        #expect(h.book.bestPrice(.sell) == 99)
        #expect(h.book.order(id(4))?.size == 3)
    }

    @Test("an IOC remainder is cancelled with reason ioc and never rests", arguments: Engine.allCases)
    func immediateOrCancel(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2))
        let events = h.submit(buy(2, 100, 5, .immediateOrCancel))
        #expect(events.last == .cancelled(id(2), .ioc, size: 3))
        #expect(h.book.order(id(2)) == nil)
        #expect(h.book.restingOrderCount == 0)
    }

    @Test("a fillable FOK fills completely across levels", arguments: Engine.allCases)
    func fillOrKillFills(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2))
        h.submit(sell(2, 101, 2))
        let events = h.submit(buy(3, 101, 4, .fillOrKill))
        #expect(fills(events).map(\.size) == [2, 2])
        #expect(h.book.restingOrderCount == 0)
    }

    @Test("an unfillable FOK is rejected fok_unfillable with no trade", arguments: Engine.allCases)
    func fillOrKillRejected(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2))
        h.submit(sell(2, 102, 2))
        let before = h.snapshot
        let events = h.submit(buy(3, 101, 3, .fillOrKill))
        #expect(events == [.rejected(id(3), .fokUnfillable(size: 3, fillable: 2))])
        #expect(h.snapshot == before)
    }

    @Test("FOK does not count the taker's own resting orders as fillable", arguments: Engine.allCases)
    func fillOrKillIgnoresOwnOrders(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 5, owner: 1))
        h.submit(sell(2, 100, 2, owner: 2))
        #expect(h.book.fillableSize(for: buy(3, 100, 5, owner: 1, .fillOrKill)) == 2)
        #expect(h.submit(buy(3, 100, 5, owner: 1, .fillOrKill)).first == .rejected(id(3), .fokUnfillable(size: 5, fillable: 2)))
    }

    @Test("a post-only order that would cross is rejected; one that does not rests", arguments: Engine.allCases)
    func postOnly(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2))
        #expect(h.submit(buy(2, 100, 1, .postOnly)) == [.rejected(id(2), .postOnlyWouldCross(price: 100, oppositeBest: 100))])
        #expect(h.submit(buy(3, 99, 1, .postOnly)).contains(added(buy(3, 99, 1))))
    }

    @Test("cancel-resting STP cancels the own resting order and goes on matching", arguments: Engine.allCases)
    func selfTradeCancelResting(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2, owner: 1))
        h.submit(sell(2, 100, 2, owner: 2))
        let events = h.submit(buy(3, 100, 2, owner: 1))
        #expect(events == [
            .accepted(id(3)), .cancelled(id(1), .stp, size: 2), .orderRemoved(id(1)),
            .levelChanged(.sell, price: 100, totalSize: 2), fill(2, 3, .buy, 100, 2), .orderRemoved(id(2)),
            .levelChanged(.sell, price: 100, totalSize: 0),
        ])
    }

    @Test("cancel-taker STP cancels the taker's remainder and keeps the resting order", arguments: Engine.allCases)
    func selfTradeCancelTaker(engine: Engine) {
        var h = Harness(engine, rules: .with(policy: .cancelTaker))
        h.submit(sell(1, 100, 1, owner: 2))
        h.submit(sell(2, 100, 2, owner: 1))
        let events = h.submit(buy(3, 100, 3, owner: 1))
        #expect(fills(events).map(\.maker) == [id(1)])
        #expect(events.last == .cancelled(id(3), .stp, size: 2))
        #expect(h.book.order(id(2))?.size == 2)
        #expect(h.book.order(id(3)) == nil)
    }

    @Test("cancel-both STP cancels the resting order and the taker", arguments: Engine.allCases)
    func selfTradeCancelBoth(engine: Engine) {
        var h = Harness(engine, rules: .with(policy: .cancelBoth))
        h.submit(sell(1, 100, 2, owner: 1))
        let events = h.submit(buy(2, 100, 3, owner: 1))
        #expect(events == [
            .accepted(id(2)), .cancelled(id(1), .stp, size: 2), .orderRemoved(id(1)),
            .levelChanged(.sell, price: 100, totalSize: 0), .cancelled(id(2), .stp, size: 3),
        ])
        #expect(h.book.restingOrderCount == 0)
    }

    @Test("each fill carries maker and taker fees rounded up", arguments: Engine.allCases)
    func feesInFills(engine: Engine) {
        var h = Harness(engine, rules: .with(maker: 10, taker: 25))
        h.submit(sell(1, 333, 7))
        let events = h.submit(buy(2, 333, 7))
        // notional 2331: maker 2.331 → 3, taker 5.8275 → 6.
        #expect(fills(events) == [Fill(maker: id(1), taker: id(2), takerSide: .buy, price: 333, size: 7, makerFee: 3, takerFee: 6)])
    }
}
