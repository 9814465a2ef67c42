import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phase G: one settlement per market with anything to settle, checked by the ledger's
    /// contract rules and applied.
    mutating func settle() throws(ChainError) -> (
        settlements: [Transaction], ids: [Hash256], trades: [Trade], settledOrders: [Hash256: OrderSettlement]
    ) {
        var settlements = [Transaction]()
        var ids = [Hash256]()
        var trades = [Trade]()
        var settledOrders = [Hash256: OrderSettlement]()
        for market in config.markets {
            let builder = try settlementBuilder(for: market)
            trades += builder.trades
            // The closure reads only these two, not `self`: reading `self` from a closure in a
            // mutating method copies the whole executor on every call (once per account).
            let signatures = requestedSignatures
            let books = exchange
            let plan = builder.plan(feeCollector: config.feeCollector) {
                Self.disposition(of: $0, requestedSignatures: signatures, exchange: books)
            }
            guard let plan else { continue }
            let id = plan.transaction.id(suite: config.suite)
            do { try validator.validate(plan.transaction, view: delta, transactionID: id, limits: .settlement) } catch {
                throw .ledger(error)
            }
            let outputIDs = apply(plan, id: id)
            Self.record(plan, id: id, outputIDs: outputIDs, into: &settledOrders)
            settlements.append(plan.transaction)
            ids.append(id)
        }
        return (settlements, ids, trades, settledOrders)
    }

    /// Each spent order's settlement, with the output IDs `apply` computed.
    private static func record(
        _ plan: SettlementPlan, id: Hash256, outputIDs: [Hash256], into settled: inout [Hash256: OrderSettlement]
    ) {
        let outputs = plan.transaction.outputs
        func output(_ index: Int) -> SettledOutput { SettledOutput(id: outputIDs[index], index: index, output: outputs[index]) }
        for order in plan.orders {
            settled[order.orderID] = OrderSettlement(
                transactionID: id, ending: order.ending, payouts: order.payouts.map(output), remainder: order.remainder.map(output))
        }
    }

    /// Feeds one market's events, in order, to a settlement builder.
    private func settlementBuilder(for market: ChainMarket) throws(ChainError) -> SettlementBuilder {
        var builder = SettlementBuilder(market: market, eventCount: logs[market.index].events.count)
        for event in logs[market.index].events {
            switch event {
            case .fill(let fill):
                builder.recordFill(fill, maker: try tracked(market.index, fill.maker), taker: try tracked(market.index, fill.taker))
            case .cancelled(let handle, let reason, _):
                let order = try tracked(market.index, handle)
                if spentLiveSet.contains(order.orderID) { continue }
                // A cancel-all or dead-man cancel names no order, so it returns the order.
                if reason == .user && !massCancels.contains(order.orderID) {
                    builder.recordCancel(order)
                } else {
                    builder.recordReturn(order)
                }
            case .rejected(let handle?, _):
                builder.recordReturn(try tracked(market.index, handle))
            default:
                continue
            }
        }
        for order in pending where order.terms.market == market.index && order.amends == nil && !order.cancelledByTransaction {
            if order.cancelRequest != nil {
                builder.recordCancel(order.liveOrder(outputID: order.orderID))
            } else if massCancels.contains(order.orderID) {
                builder.recordReturn(order.liveOrder(outputID: order.orderID))
            }
        }
        return builder
    }

    private func tracked(_ market: Int, _ handle: OrderID) throws(ChainError) -> LiveOrder {
        guard let orderID = exchange.orderID(market: market, handle: handle), let order = exchange.liveOrder(orderID) else {
            throw .matching(symbol: config.markets[market].symbol, .unknownOrderID(handle))
        }
        return order
    }

    private static func disposition(
        of account: SettlementBuilder.Account, requestedSignatures: [Hash256: Signature], exchange: Exchange
    ) -> SettlementBuilder.Disposition {
        let order = account.order
        if let signature = requestedSignatures[order.orderID] { return .cancelled(signature) }
        if account.returned { return .returned }
        return exchange.isResting(order.handle, market: order.terms.market) ? .resting : .filled
    }

    /// Spends the settlement's inputs and creates its outputs; remainders keep their
    /// order's ID and priority, and the order now lives in the remainder.
    /// Returns the created outputs' IDs, in output order.
    private mutating func apply(_ plan: SettlementPlan, id transactionID: Hash256) -> [Hash256] {
        var ids = [Hash256]()
        ids.reserveCapacity(plan.transaction.outputs.count)
        for input in plan.transaction.inputs { delta.spend(input.spentOutputID) }
        for (index, output) in plan.transaction.outputs.enumerated() {
            let id = Transaction.outputID(transactionID: transactionID, index: index, suite: config.suite)
            ids.append(id)
            let order = plan.remainders[index]
            delta.create(UTXOEntry(output: output, order: order.map { OrderMeta(orderID: $0.orderID, position: $0.position) }), id: id)
            if let order { exchange.updateOutput(of: order.orderID, to: id, amount: output.amount) }
        }
        return ids
    }
}
