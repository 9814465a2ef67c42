import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phase F: new orders, in block order, through the matching core. An order cancelled in
    /// this block never enters; an amend is already in place. A post-only order that would
    /// cross is refused by the book and returned by the settlement.
    mutating func submitNewOrders() throws(ChainError) {
        for index in pending.indices {
            let order = pending[index]
            let placedByAmend = order.amends != nil && !order.cancelledByTransaction
            guard !placedByAmend, !order.cancelledByTransaction, order.cancelRequest == nil,
                  !massCancels.contains(order.orderID) else { continue }
            exchange.track(order.liveOrder(outputID: order.orderID))
            pending[index].entered = true
            let owner = exchange.owner(of: order.contract.sellerProgram)
            let newOrder = NewOrder(
                id: order.handle, owner: owner, side: order.terms.side, price: order.terms.priceTicks,
                size: order.terms.sizeLots, timeInForce: Self.timeInForce(order.contract.flags),
                expiry: order.contract.expiryHeight)
            do {
                try exchange.books[order.terms.market].submit(newOrder, into: &logs[order.terms.market])
            } catch .postOnlyWouldCross {
                continue
            } catch {
                throw .matching(symbol: config.markets[order.terms.market].symbol, error)
            }
        }
    }

    static func timeInForce(_ flags: MagneticOrder.Flags) -> TimeInForce {
        if flags.contains(.immediateOrCancel) { return .immediateOrCancel }
        if flags.contains(.postOnly) { return .postOnly }
        return .goodTillCancel
    }
}
