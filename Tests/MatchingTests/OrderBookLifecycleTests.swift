import Matching
import Testing

/// Cancel, replace, mass cancel and expiry by height, on both books.
@Suite("Order book lifecycle")
struct OrderBookLifecycleTests {
    @Test("cancel by ID reports cancelled(user), the L3 removal and the L2 change", arguments: Engine.allCases)
    func cancelByID(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 100, 5))
        h.submit(buy(2, 100, 3))
        #expect(h.cancel(1) == [
            .cancelled(id(1), .user, size: 5), .orderRemoved(id(1)), .levelChanged(.buy, price: 100, totalSize: 3),
        ])
        #expect(h.book.order(id(1)) == nil)
        #expect(h.book.hasAccepted(id(1)))
    }

    @Test("a replace at the same price and no larger size keeps the queue position", arguments: Engine.allCases)
    func replaceInPlace(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 5))
        h.submit(sell(2, 100, 5, owner: 3))
        #expect(h.replace(1, with: 3, price: 100, size: 4) == [
            .cancelled(id(1), .replaced, size: 5), .accepted(id(3)), .orderReplaced(id(1), newID: id(3), size: 4),
            .levelChanged(.sell, price: 100, totalSize: 9),
        ])
        let events = h.submit(buy(4, 100, 4))
        #expect(fills(events).map(\.maker) == [id(3)])
    }

    @Test("a replace that raises the size loses the queue position", arguments: Engine.allCases)
    func replaceSizeUp(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(1, 100, 2))
        h.submit(sell(2, 100, 2, owner: 3))
        let events = h.replace(1, with: 3, price: 100, size: 3)
        #expect(events.prefix(3) == [
            .cancelled(id(1), .replaced, size: 2), .orderRemoved(id(1)), .levelChanged(.sell, price: 100, totalSize: 2),
        ])
        #expect(fills(h.submit(buy(4, 100, 2))).map(\.maker) == [id(2)])
    }

    @Test("a replace to a crossing price matches at once as a new GTC order", arguments: Engine.allCases)
    func replaceCrossing(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 99, 2, owner: 1))
        h.submit(sell(2, 101, 5, owner: 2))
        let events = h.replace(1, with: 3, price: 101, size: 3)
        #expect(fills(events) == [Fill(maker: id(2), taker: id(3), takerSide: .buy, price: 101, size: 3, makerFee: 0, takerFee: 0)])
        #expect(h.book.order(id(2))?.size == 2)
        #expect(h.book.levels(.buy).isEmpty)
    }

    @Test("a replacement keeps the owner, side and expiry of the order it replaces", arguments: Engine.allCases)
    func replaceKeepsOwnerAndExpiry(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 99, 2, owner: 7, expiry: 5))
        h.replace(1, with: 2, price: 98, size: 2)
        #expect(h.book.order(id(2)) == RestingOrder(id: id(2), owner: OwnerID(7), side: .buy, price: 98, size: 2, expiry: 5))
        #expect(h.advance(to: 6).first == .cancelled(id(2), .expired, size: 2))
    }

    @Test("mass cancel removes every order of one owner, bids best first, then asks", arguments: Engine.allCases)
    func massCancel(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 98, 1, owner: 5))
        h.submit(buy(2, 99, 1, owner: 5))
        h.submit(buy(3, 99, 1, owner: 6))
        h.submit(sell(4, 101, 1, owner: 5))
        let cancelled = h.massCancel(5).compactMap { if case .cancelled(let id, .mass, _) = $0 { id } else { nil } }
        #expect(cancelled == [id(2), id(1), id(4)])
        #expect(h.book.restingOrderCount == 1)
        #expect(h.massCancel(9).isEmpty)
    }

    @Test("advancing the height expires orders with expiry below it, earliest expiry first", arguments: Engine.allCases)
    func expiry(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 98, 1, expiry: 7))
        h.submit(buy(2, 99, 1, expiry: 5))
        h.submit(buy(3, 97, 1, expiry: 5))
        h.submit(buy(4, 96, 1))
        #expect(h.advance(to: 5).isEmpty)
        let expired = h.advance(to: 8).compactMap { if case .cancelled(let id, .expired, _) = $0 { id } else { nil } }
        #expect(expired == [id(2), id(3), id(1)])
        #expect(h.book.height == 8)
        #expect(h.book.levels(.buy) == [PriceLevel(price: 96, totalSize: 1, orderCount: 1)])
    }

    @Test("an order cancelled before its expiry is not expired again", arguments: Engine.allCases)
    func cancelledOrderDoesNotExpire(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 98, 1, expiry: 3))
        h.cancel(1)
        #expect(h.advance(to: 10).isEmpty)
    }
}
