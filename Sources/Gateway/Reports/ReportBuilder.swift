import Chain
import Crypto
import Ledger
import LodestoneWire
import Matching
import Primitives

/// Turns one block's outcome into execution reports (plain values; the gateway thread builds
/// the messages) for subscribed keys, updating the
/// remembered orders as it goes: Accepted per transaction, Fill per trade side, Cancelled
/// or Expired per book cancellation, and Done when an order is finished.
struct ReportBuilder {
    let config: ChainConfig
    let outcome: BlockOutcome
    let state: ChainState
    var store: ReportSink.Store
    private(set) var reports: [KeyedReport] = []
    /// Per order that traded in the block, the index in `outcome.trades` of its last trade:
    /// the Fill that names its settlement when it rests on or is filled.
    private var lastTrade: [Hash256: Int] = [:]
    /// Output ID → the block's transaction that spent it, made on first need (an order
    /// spent by a cancel clause or a replace rather than by a settlement).
    private var spenders: [Hash256: Hash256]?

    /// A builder working on `store`, which it owns until it hands it back (`store`).
    init(config: ChainConfig, outcome: BlockOutcome, state: ChainState, store: ReportSink.Store) {
        self.config = config
        self.outcome = outcome
        self.state = state
        self.store = store
    }

    var height: UInt64 { outcome.height }

    mutating func build() {
        for transaction in outcome.transactions { accept(transaction) }
        for (index, trade) in outcome.trades.enumerated() {
            lastTrade[trade.maker] = index
            lastTrade[trade.taker] = index
        }
        for (index, trade) in outcome.trades.enumerated() {
            fill(trade.maker, trade: trade, index: index, isMaker: true)
            fill(trade.taker, trade: trade, index: index, isMaker: false)
        }
        for (market, events) in outcome.events.enumerated() {
            for event in events {
                cancel(event, market: market)
                returned(event)
            }
        }
        // An order created in this block and cancelled in it (by ID, a cancel-all or a fired
        // switch) never enters a book, so no book event names it: its cancel does.
        for cancel in outcome.cancels { cancelledBeforeBook(cancel.orderID, reason: .user) }
        for orderID in outcome.massCancelled.keys.sorted() {
            guard let reason = outcome.massCancelled[orderID] else { continue }
            cancelledBeforeBook(orderID, reason: Self.wireReason(reason))
        }
    }

    /// Cancelled (whole size) and Done for an order accepted in this block that a cancel took
    /// before it reached its book; nothing for an order a book event already reported.
    private mutating func cancelledBeforeBook(_ orderID: Hash256, reason: Lodestone_V1_Cancelled.Reason) {
        guard var order = store.orders[orderID], order.state == .resting, order.height == height, order.remaining == order.size
        else { return }
        guard leave(orderID, &order, as: .cancelled) else { return }
        cancelled(orderID, order, reason: reason, size: order.remaining, spending: spending(of: orderID, order))
    }

    /// Remembers the transaction's orders; an Accepted per subscribed seller key.
    private mutating func accept(_ checked: CheckedTransaction) {
        let id = checked.id
        store.transactions[id] = height
        let clientOrderID = store.clientOrderIDs[id] ?? ""
        store.clientOrderIDs[id] = nil
        var ordersByKey: [PublicKey: [Hash256]] = [:]
        for (index, contract, terms) in Self.orders(of: checked, exchange: state.exchange) {
            let orderID = checked.outputIDs[index]
            store.pendingOrders[orderID] = nil
            store.orders[orderID] = TrackedOrder(
                sellerKey: contract.sellerKey, clientOrderID: clientOrderID, market: terms.market,
                symbol: config.markets[terms.market].symbol, side: terms.side, price: terms.price, size: terms.size,
                outputID: orderID, height: height)
            if store.subscribers[contract.sellerKey] != nil { ordersByKey[contract.sellerKey, default: []].append(orderID) }
        }
        for (key, orderIDs) in ordersByKey {
            emit(key, clientOrderID: clientOrderID, .accepted(height: height, transactionID: id, orderIDs: orderIDs))
        }
    }

    /// A Fill per subscribed side; the order's last Fill of the block names its settlement's
    /// payouts and remainder unless a Cancelled or Expired follows in the block (it names them).
    private mutating func fill(_ orderID: Hash256, trade: Trade, index: Int, isMaker: Bool) {
        guard var order = store.orders[orderID] else { return }
        order.fill(trade.size, height: height)
        let settlement = outcome.settlement(of: orderID)
        var spending = ReportEvent.Spending(transactionID: settlement?.transactionID)
        if lastTrade[orderID] == index, let settlement, settlement.ending == .resting || settlement.ending == .filled {
            spending.payouts = settlement.payouts
            spending.remainder = settlement.remainder
            if let remainder = settlement.remainder { order.outputID = remainder.id }
        }
        store.orders[orderID] = order
        guard store.subscribers[order.sellerKey] != nil else { return }
        let fill = ReportEvent.Fill(
            orderID: orderID, symbol: order.symbol, side: order.side, price: trade.price, size: trade.size,
            fee: fee(order, trade: trade, isMaker: isMaker), isMaker: isMaker, height: height, remainingSize: order.remaining,
            spending: spending)
        emit(order.sellerKey, clientOrderID: order.clientOrderID, .fill(fill))
        if order.state == .filled { done(orderID, order, .filled, transactionID: settlement?.transactionID) }
    }

    /// The transaction that spent `order` in this block, with the payouts to name: its
    /// settlement's, or the client's own transaction (a cancel clause, a replace) with none.
    private mutating func spending(of orderID: Hash256, _ order: TrackedOrder) -> ReportEvent.Spending {
        if let settlement = outcome.settlement(of: orderID) {
            return ReportEvent.Spending(transactionID: settlement.transactionID, payouts: settlement.payouts)
        }
        if spenders == nil {
            var spent: [Hash256: Hash256] = [:]
            for checked in outcome.transactions {
                for input in checked.transaction.inputs { spent[input.spentOutputID] = checked.id }
            }
            spenders = spent
        }
        return ReportEvent.Spending(transactionID: spenders?[order.outputID])
    }

    /// The market's fee on this side of the trade, in the asset the order receives: quote
    /// for a sell, base for a buy, rounded up as the chain rounds fees.
    private func fee(_ order: TrackedOrder, trade: Trade, isMaker: Bool) -> UInt64 {
        let market = config.markets[order.market]
        let bps = UInt64(isMaker ? market.definition.makerFeeBps : market.definition.takerFeeBps)
        let received = order.side == .sell ? market.quoteValue(size: trade.size, price: trade.price) : trade.size
        let product = received.multipliedFullWidth(by: bps)
        let (quotient, remainder) = UInt64(10_000).dividingFullWidth((product.high, product.low))
        return quotient + (remainder > 0 ? 1 : 0)
    }

    private mutating func cancel(_ event: ChainBookEvent, market: Int) {
        guard case .cancelled(_, let reason, let lots) = event.event, let orderID = event.orders.first,
            var order = store.orders[orderID]
        else { return }
        let size = UInt64(max(lots, 0)) * config.markets[market].definition.lotSize
        guard leave(orderID, &order, as: reason == .expired ? .expired : .cancelled) else { return }
        let spending = spending(of: orderID, order)
        if reason == .expired {
            emit(
                order.sellerKey, clientOrderID: order.clientOrderID,
                .expired(orderID: orderID, size: size, height: height, spending: spending))
            done(orderID, order, .expired, transactionID: spending.transactionID)
            return
        }
        let wireReason = outcome.massCancelled[orderID].map(Self.wireReason) ?? Self.wireReason(reason)
        cancelled(orderID, order, reason: wireReason, size: size, spending: spending)
    }

    /// A new order its book refused in the block (post-only that would cross, or no room in
    /// the block's settlement): returned whole, so Cancelled with the reason, then Done.
    private mutating func returned(_ event: ChainBookEvent) {
        guard case .rejected(_?, let error) = event.event, let orderID = event.orders.first,
            var order = store.orders[orderID], order.state == .resting
        else { return }
        let reason: Lodestone_V1_Cancelled.Reason
        switch error {
        case .postOnlyWouldCross: reason = .postOnly
        case .settlementRoomExhausted: reason = .settlementRoom
        default: return
        }
        guard leave(orderID, &order, as: .cancelled) else { return }
        cancelled(orderID, order, reason: reason, size: order.remaining, spending: spending(of: orderID, order))
    }

    /// Remembers that the order left its book in this block (`state`); true when its key has
    /// subscribers to tell.
    private mutating func leave(_ orderID: Hash256, _ order: inout TrackedOrder, as state: TrackedOrder.State) -> Bool {
        order.state = state
        order.height = height
        store.orders[orderID] = order
        return store.subscribers[order.sellerKey] != nil
    }

    /// Cancelled with `reason` and the `size` left, then Done.
    private mutating func cancelled(
        _ orderID: Hash256, _ order: TrackedOrder, reason: Lodestone_V1_Cancelled.Reason, size: UInt64, spending: ReportEvent.Spending
    ) {
        emit(
            order.sellerKey, clientOrderID: order.clientOrderID,
            .cancelled(orderID: orderID, reason: reason, size: size, height: height, spending: spending))
        done(orderID, order, .cancelled, transactionID: spending.transactionID)
    }

    static func wireReason(_ reason: MassCancelReason) -> Lodestone_V1_Cancelled.Reason {
        switch reason {
        case .cancelAll: .cancelAll
        case .deadMan: .deadMan
        }
    }

    static func wireReason(_ reason: CancelReason) -> Lodestone_V1_Cancelled.Reason {
        switch reason {
        case .user, .mass, .expired: .user
        case .ioc: .ioc
        case .stp: .selfTrade
        case .replaced: .replaced
        }
    }

    private mutating func done(
        _ orderID: Hash256, _ order: TrackedOrder, _ reason: Lodestone_V1_Done.Reason, transactionID: Hash256?
    ) {
        emit(
            order.sellerKey, clientOrderID: order.clientOrderID,
            .done(orderID: orderID, reason: reason, height: height, transactionID: transactionID))
    }

    /// The transaction's orders with their terms: those the edge read, or read here (the
    /// block admitted them, so reading again gives the same).
    private static func orders(
        of checked: CheckedTransaction, exchange: Exchange
    ) -> [(index: Int, contract: MagneticOrder, terms: OrderTerms)] {
        (checked.orders ?? CheckedOrder.read(checked.transaction, markets: exchange.directory)).compactMap { order in
            (try? order.terms.get()).map { (order.outputIndex, order.contract, $0) }
        }
    }

    /// A Dropped report to every subscribed key the item concerns: a transaction's order
    /// sellers and pay-to-key owners, or the seller of a cancel's order. The transaction is
    /// forgotten, so a status query answers `unknown` ("never seen, or dropped").
    mutating func drop(_ dropped: DroppedItem) {
        var clientOrderID = ""
        var keys: [PublicKey] = []
        var transactionID: Hash256?
        var orderID: Hash256?
        switch dropped.item {
        case .transaction(let checked):
            let id = checked.id
            transactionID = id
            clientOrderID = store.clientOrderIDs[id] ?? ""
            store.clientOrderIDs[id] = nil
            store.transactions[id] = nil
            for index in checked.orderOutputIndices { store.pendingOrders[checked.outputIDs[index]] = nil }
            keys = checked.transaction.outputs.compactMap(\.program.traderKey)
        case .cancel(let cancel):
            orderID = cancel.orderID
            let order = store.orders[cancel.orderID]
            clientOrderID = order?.clientOrderID ?? ""
            keys = [order?.sellerKey ?? state.utxos.unspentOutput(cancel.orderID)?.program.traderKey].compactMap { $0 }
        case .cancelAll, .deadManSwitch:
            // A Dropped report names a transaction or an order; these name neither (their
            // ack carried no ID), so the client learns of a drop from the orders' status.
            return
        }
        let event = ReportEvent.dropped(reason: Rejection(dropped.reason), transactionID: transactionID, orderID: orderID)
        var seen = Set<PublicKey>()
        for key in keys where seen.insert(key).inserted && store.subscribers[key] != nil {
            emit(key, clientOrderID: clientOrderID, event)
        }
    }

    private mutating func emit(_ key: PublicKey, clientOrderID: String, _ event: ReportEvent) {
        reports.append(KeyedReport(key: key, clientOrderID: clientOrderID, event: event))
    }
}
