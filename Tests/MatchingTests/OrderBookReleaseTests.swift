import Matching
import Testing

/// The chain interns on-chain order IDs to dense book IDs and reuses them once an order is
/// gone; `release` is what makes reuse possible without weakening duplicate detection.
@Suite("Order book ID release")
struct OrderBookReleaseTests {
    @Test("a released ID of a finished order is accepted again; before release it is a duplicate", arguments: Engine.allCases)
    func releaseAllowsReuse(engine: Engine) {
        var h = Harness(engine)
        h.submit(buy(1, 100, 5))
        h.cancel(1)
        #expect(h.submit(buy(1, 100, 5)).first.map { if case .rejected = $0 { true } else { false } } == true)
        h.book.release(id(1))
        #expect(!h.book.hasAccepted(id(1)))
        #expect(h.submit(buy(1, 101, 2)).first == .accepted(id(1)))
        #expect(h.book.order(id(1))?.price == 101)
    }

    @Test("releasing a resting ID changes nothing", arguments: Engine.allCases)
    func releaseRestingIsNoOp(engine: Engine) {
        var h = Harness(engine)
        h.submit(sell(7, 100, 5))
        h.book.release(id(7))
        #expect(h.book.order(id(7))?.size == 5)
        #expect(h.book.hasAccepted(id(7)))
    }
}
