import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phase F: new orders, in block order, through the matching core. An order cancelled in
    /// this block never enters; an amend is already in place. A post-only order that would
    /// cross is refused by the book and returned by the settlement.
    ///
    /// The settlements' room (`settlementOrdersMax` orders over all markets) is kept: each new
    /// order is counted once up front (whatever happens to it, it is spent at most once), and
    /// before an order enters, the resting orders it would reach are counted too. An order that
    /// would reach more than the room left is returned whole (`settlement_room_exhausted`), so
    /// one sweep of a deep book can never make a block impossible to build or too large.
    mutating func submitNewOrders() throws(ChainError) {
        exchange.reserveLive(adding: pending.count)
        var used = config.markets.indices.reduce(0) { $0 + settlementAccountsSoFar(market: $1) + pendingPerMarket[$1] }
        for index in pending.indices {
            let order = pending[index]
            let placedByAmend = order.amends != nil && !order.cancelledByTransaction
            guard !placedByAmend, !order.cancelledByTransaction, order.cancelRequest == nil,
                !massCancels.contains(order.orderID)
            else { continue }
            let market = order.terms.market
            exchange.track(order.liveOrder(outputID: order.orderID))
            pending[index].entered = true
            let owner = exchange.owner(of: order.contract.sellerProgram)
            let newOrder = NewOrder(
                id: order.handle, owner: owner, side: order.terms.side, price: order.terms.priceTicks,
                size: order.terms.sizeLots, timeInForce: Self.timeInForce(order.contract.flags),
                expiry: order.contract.expiryHeight)
            let room = max(0, Self.settlementOrdersMax - used)
            let reached = exchange.restingOrdersReached(by: newOrder, market: market, limit: room)
            guard reached <= room else {
                logs[market].receive(.rejected(order.handle, .settlementRoomExhausted(reached: reached, room: room)))
                continue
            }
            used += reached
            do {
                try exchange.apply(.submit(newOrder), market: market, into: &logs[market])
            } catch .postOnlyWouldCross {
                continue
            } catch {
                throw .matching(symbol: config.markets[market].symbol, error)
            }
        }
    }

    /// Orders already bound for the market's settlement before phase F: those cancelled,
    /// expired or refused in phases C to E, counted as `settlementBuilder(for:)` counts them.
    private func settlementAccountsSoFar(market: Int) -> Int {
        var count = 0
        for event in logs[market].events {
            switch event {
            case .cancelled(let handle, _, _):
                if let orderID = exchange.orderID(market: market, handle: handle), spentLiveSet.contains(orderID) { continue }
                count += 1
            case .rejected(.some, _):
                count += 1
            default:
                continue
            }
        }
        return count
    }

    static func timeInForce(_ flags: MagneticOrder.Flags) -> TimeInForce {
        if flags.contains(.immediateOrCancel) { return .immediateOrCancel }
        if flags.contains(.postOnly) { return .postOnly }
        return .goodTillCancel
    }
}
