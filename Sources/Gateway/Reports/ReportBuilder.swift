import Chain
import Crypto
import Ledger
import LodestoneWire
import Matching
import Primitives

/// Turns one block's outcome into execution reports for subscribed keys, updating the
/// remembered orders as it goes: Accepted per transaction, Fill per trade side, Cancelled
/// or Expired per book cancellation, and Done when an order is finished.
struct ReportBuilder {
    let config: ChainConfig
    let outcome: BlockOutcome
    let state: ChainState
    var store: ReportSink.Store
    private(set) var reports: [KeyedReport] = []

    init(config: ChainConfig, outcome: BlockOutcome, state: ChainState, store: ReportSink.Store) {
        self.config = config
        self.outcome = outcome
        self.state = state
        self.store = store
    }

    var height: UInt64 { outcome.height }

    mutating func build() {
        for (index, transaction) in outcome.transactions.enumerated() {
            accept(transaction, id: outcome.transactionIDs[index])
        }
        for trade in outcome.trades {
            fill(trade.maker, trade: trade, isMaker: true)
            fill(trade.taker, trade: trade, isMaker: false)
        }
        for (market, events) in outcome.events.enumerated() {
            for event in events { cancel(event, market: market) }
        }
    }

    /// Remembers the transaction's orders; an Accepted per subscribed seller key.
    private mutating func accept(_ transaction: Transaction, id: Hash256) {
        store.transactions[id] = height
        let clientOrderID = store.clientOrderIDs[id] ?? ""
        store.clientOrderIDs[id] = nil
        var ordersByKey: [PublicKey: [Hash256]] = [:]
        for (index, output) in transaction.outputs.enumerated() {
            guard case let .magneticOrder(contract) = output.program,
                  let terms = try? state.exchange.terms(of: output, order: contract, remainder: true) else { continue }
            let orderID = Transaction.outputID(transactionID: id, index: index, suite: config.suite)
            store.orders[orderID] = TrackedOrder(
                sellerKey: contract.sellerKey, clientOrderID: clientOrderID, market: terms.market,
                symbol: config.markets[terms.market].symbol, side: terms.side, price: terms.price, size: terms.size, height: height)
            if store.subscribers[contract.sellerKey] != nil { ordersByKey[contract.sellerKey, default: []].append(orderID) }
        }
        for (key, orderIDs) in ordersByKey {
            var accepted = Lodestone_V1_Accepted()
            accepted.height = height
            accepted.transactionID = id.data
            accepted.orderIds = orderIDs.prefix(WireLimits.maxOrdersPerTransaction).map(\.data)
            emit(key, clientOrderID: clientOrderID, .accepted(accepted))
        }
    }

    private mutating func fill(_ orderID: Hash256, trade: Trade, isMaker: Bool) {
        guard var order = store.orders[orderID] else { return }
        order.fill(trade.size, height: height)
        store.orders[orderID] = order
        guard store.subscribers[order.sellerKey] != nil else { return }
        var fill = Lodestone_V1_Fill()
        fill.orderID = orderID.data
        fill.market = order.symbol
        fill.side = order.wireSide
        fill.price = trade.price
        fill.size = trade.size
        fill.fee = fee(order, trade: trade, isMaker: isMaker)
        fill.isMaker = isMaker
        fill.height = height
        fill.remainingSize = order.remaining
        emit(order.sellerKey, clientOrderID: order.clientOrderID, .fill(fill))
        if order.state == .filled { done(orderID, order, .filled) }
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
        guard case let .cancelled(_, reason, lots) = event.event, let orderID = event.orders.first,
              var order = store.orders[orderID] else { return }
        let size = UInt64(max(lots, 0)) * config.markets[market].definition.lotSize
        order.state = reason == .expired ? .expired : .cancelled
        order.height = height
        store.orders[orderID] = order
        guard store.subscribers[order.sellerKey] != nil else { return }
        if reason == .expired {
            var expired = Lodestone_V1_Expired()
            expired.orderID = orderID.data
            expired.size = size
            expired.height = height
            emit(order.sellerKey, clientOrderID: order.clientOrderID, .expired(expired))
            done(orderID, order, .expired)
            return
        }
        var cancelled = Lodestone_V1_Cancelled()
        cancelled.orderID = orderID.data
        cancelled.reason = outcome.massCancelled[orderID].map(Self.wireReason) ?? Self.wireReason(reason)
        cancelled.size = size
        cancelled.height = height
        emit(order.sellerKey, clientOrderID: order.clientOrderID, .cancelled(cancelled))
        done(orderID, order, .cancelled)
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

    private mutating func done(_ orderID: Hash256, _ order: TrackedOrder, _ reason: Lodestone_V1_Done.Reason) {
        var done = Lodestone_V1_Done()
        done.orderID = orderID.data
        done.reason = reason
        done.height = height
        emit(order.sellerKey, clientOrderID: order.clientOrderID, .done(done))
    }

    /// A Dropped report to every subscribed key the item concerns: a transaction's order
    /// sellers and pay-to-key owners, or the seller of a cancel's order. The transaction is
    /// forgotten, so a status query answers `unknown` ("never seen, or dropped").
    mutating func drop(_ dropped: DroppedItem) {
        var report = Lodestone_V1_Dropped()
        report.reason = Rejection(dropped.reason).wire
        var clientOrderID = ""
        var keys: [PublicKey] = []
        switch dropped.item {
        case let .transaction(transaction):
            let id = transaction.id(suite: config.suite)
            report.transactionID = id.data
            clientOrderID = store.clientOrderIDs[id] ?? ""
            store.clientOrderIDs[id] = nil
            store.transactions[id] = nil
            keys = transaction.outputs.compactMap(\.program.traderKey)
        case let .cancel(cancel):
            report.orderID = cancel.orderID.data
            let order = store.orders[cancel.orderID]
            clientOrderID = order?.clientOrderID ?? ""
            keys = [order?.sellerKey ?? state.utxos.unspentOutput(cancel.orderID)?.program.traderKey].compactMap { $0 }
        case .cancelAll, .deadManSwitch:
            // A Dropped report names a transaction or an order; these name neither (their
            // ack carried no ID), so the client learns of a drop from the orders' status.
            return
        }
        var seen = Set<PublicKey>()
        for key in keys where seen.insert(key).inserted && store.subscribers[key] != nil {
            emit(key, clientOrderID: clientOrderID, .dropped(report))
        }
    }

    private mutating func emit(_ key: PublicKey, clientOrderID: String, _ kind: Lodestone_V1_ExecutionReport.OneOf_Kind) {
        var report = Lodestone_V1_ExecutionReport()
        report.clientOrderID = clientOrderID
        report.kind = kind
        reports.append(KeyedReport(key: key, report: report))
    }
}
