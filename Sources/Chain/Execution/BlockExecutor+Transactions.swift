import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phase A for one transaction: entry rules, ledger validation, then apply. Nothing
    /// changes unless every check passes.
    mutating func admit(_ checked: CheckedTransaction) throws(ChainError) {
        let transaction = checked.transaction
        let orders = try EntryRules(state: start, exchange: exchange, height: height, peg: peg)
            .check(checked, view: delta) { pendingExpiring[$0, default: 0] }
        let transactionID = checked.id
        let checker = mode == .build && checked.signaturesVerified ? trustingValidator : validator
        do { try checker.validate(transaction, view: delta, transactionID: transactionID) } catch { throw .ledger(error) }
        try checkRoom(for: orders)
        try recordPeg(of: checked)
        let index = UInt32(included.count)
        let amend = amendment(of: transaction, orders: orders)
        // A mint's inputs name main-chain outputs, not outputs of this chain: nothing to spend.
        for input in transaction.inputs {
            if case .pegIn = input.witness { continue }
            recordSpend(of: input.spentOutputID, amend: amend)
        }
        // `orders` are in output order: one cursor instead of a search (and a copy) per output.
        var nextOrder = 0
        for (outputIndex, output) in transaction.outputs.enumerated() {
            let id = checked.outputIDs[outputIndex]
            let terms: EntryOrder?
            if nextOrder < orders.count, orders[nextOrder].outputIndex == outputIndex {
                terms = orders[nextOrder]
                nextOrder += 1
            } else {
                terms = nil
            }
            let meta = terms.map { _ in
                OrderMeta(
                    orderID: id, position: amend?.position ?? OrderPosition(height: height, transaction: index, output: UInt32(outputIndex))
                )
            }
            delta.create(UTXOEntry(output: output, order: meta), id: id)
            if let terms, let meta { addPending(terms, output: output, meta: meta, amends: amend?.orderID) }
        }
        assert(nextOrder == orders.count, "entry rules list the orders in output order")
        feesPaid = try checkedAdd(feesPaid, transaction.fee)
        included.append(checked)
    }

    /// New orders need room in their market's share of the block, a handle and a resting slot
    /// each; all are checked before anything is taken, so a refused transaction leaves no trace.
    private mutating func checkRoom(for orders: [EntryOrder]) throws(ChainError) {
        let markets = Set(orders.map(\.terms.market)).sorted()
        // The block's share is over all markets; the refusal names the first market asked for.
        if let first = markets.first, itemsInBlock + orders.count > Self.blockItemsMax {
            throw .marketBlockFull(symbol: config.markets[first].symbol, limit: Self.blockItemsMax)
        }
        for market in markets {
            let wanted = orders.filter { $0.terms.market == market }.count
            let resting = exchange.restingOrderCount(market: market)
            guard resting + pendingPerMarket[market] + wanted <= Exchange.capacity.maxRestingOrders,
                exchange.freeHandleCount(market: market) >= wanted
            else {
                throw .bookFull(symbol: config.markets[market].symbol)
            }
        }
    }

    /// A transaction that cancels exactly one resting order and places exactly one order in
    /// the same market, side, price, expiry and seller, no larger than what remains, is an
    /// amend: the new order takes the old one's place in the queue.
    private func amendment(
        of transaction: Transaction, orders: [EntryOrder]
    ) -> LiveOrder? {
        guard orders.count == 1, let new = orders.first else { return nil }
        let cancelled = transaction.inputs.compactMap { input -> LiveOrder? in
            guard let orderID = delta.entry(input.spentOutputID)?.order?.orderID,
                !spentLiveSet.contains(orderID)
            else { return nil }
            return exchange.liveOrder(orderID)
        }
        guard cancelled.count == 1, let old = cancelled.first,
            let remainingLots = exchange.restingOrder(old.handle, market: old.terms.market)?.size
        else { return nil }
        let sameTerms =
            old.terms.market == new.terms.market && old.terms.side == new.terms.side
            && old.terms.price == new.terms.price && old.contract.expiryHeight == new.contract.expiryHeight
            && old.contract.sellerProgram == new.contract.sellerProgram
        return sameTerms && new.terms.sizeLots <= remainingLots ? old : nil
    }

    /// Notes that an output was spent: an order resting at block start leaves its book in
    /// phase C; an order created earlier in this block never enters it.
    private mutating func recordSpend(of outputID: Hash256, amend: LiveOrder?) {
        guard let orderID = delta.entry(outputID)?.order?.orderID else {
            delta.spend(outputID)
            return
        }
        delta.spend(outputID)
        if let index = pendingByID[orderID] {
            pending[index].cancelledByTransaction = true
        } else if spentLiveSet.insert(orderID).inserted {
            spentLiveOrders.append((orderID, amend?.orderID == orderID ? pending.count : nil))
        }
    }

    private mutating func addPending(_ order: EntryOrder, output: Output, meta: OrderMeta, amends: Hash256?) {
        guard let handle = exchange.allocateHandle(market: order.terms.market) else {
            preconditionFailure("checkRoom reserved a handle")
        }
        pendingByID[meta.orderID] = pending.count
        pendingPerMarket[order.terms.market] += 1
        itemsInBlock += 1
        if let expiry = order.contract.expiryHeight {
            pendingExpiring[expiry, default: 0] += 1
        }
        pending.append(
            PendingOrder(
                orderID: meta.orderID, position: meta.position, terms: order.terms, contract: order.contract,
                amount: output.amount, handle: handle, amends: amends))
    }

    func checkedAdd(_ a: Amount, _ b: Amount) throws(ChainError) -> Amount {
        do { return try a.adding(b) } catch { throw .ledger(.amountOverflow) }
    }
}
