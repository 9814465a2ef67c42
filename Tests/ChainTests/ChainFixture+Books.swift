@testable import Chain
@testable import ChainFixtures
import Primitives

extension ChainFixture {
    /// Whether the order `orderID` rests in a book (the books are internal to Chain, so this
    /// lives with the tests that may look inside).
    func rests(_ orderID: Hash256) -> Bool {
        guard let live = state.exchange.liveOrder(orderID) else { return false }
        return state.exchange.books[live.terms.market].order(live.handle) != nil
    }
}
