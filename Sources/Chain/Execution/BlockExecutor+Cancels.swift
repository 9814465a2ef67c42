import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phase B for one cancel request: the order must be resting (and not expiring in this
    /// block) or created earlier in this block, and the request signed by its seller key.
    mutating func admit(_ cancel: CancelRequest) throws(ChainError) {
        guard requestedSignatures[cancel.orderID] == nil else { throw .duplicate(id: cancel.orderID) }
        guard let (contract, market) = cancellable(cancel.orderID) else { throw .unknownOrder(orderID: cancel.orderID) }
        guard itemsInBlock < Self.blockItemsMax else {
            throw .marketBlockFull(symbol: config.markets[market].symbol, limit: Self.blockItemsMax)
        }
        guard !verifiesCancelSignatures || cancel.isSigned(by: contract.sellerKey, chainID: config.chainID, suite: config.suite) else {
            throw .cancelBadSignature(orderID: cancel.orderID)
        }
        itemsInBlock += 1
        requestedSignatures[cancel.orderID] = cancel.signature
        requested.append((cancel.orderID, cancel.signature))
        if let index = pendingByID[cancel.orderID] { pending[index].cancelRequest = cancel.signature }
        includedCancels.append(cancel)
    }

    /// The contract and market of an order a request may cancel.
    private func cancellable(_ orderID: Hash256) -> (contract: MagneticOrder, market: Int)? {
        if let index = pendingByID[orderID] {
            return pending[index].cancelledByTransaction ? nil : (pending[index].contract, pending[index].terms.market)
        }
        guard !spentLiveSet.contains(orderID), let live = exchange.liveOrder(orderID),
            !live.contract.isExpired(atHeight: height)
        else { return nil }
        return (live.contract, live.terms.market)
    }

    /// Phase C: orders whose outputs transactions spent leave their books; an amend takes
    /// the old order's place instead.
    mutating func removeSpentOrders() throws(ChainError) {
        for (orderID, amendIndex) in spentLiveOrders {
            guard let live = exchange.liveOrder(orderID) else { continue }
            let market = live.terms.market
            if let amendIndex, !pending[amendIndex].cancelledByTransaction {
                let new = pending[amendIndex]
                exchange.track(new.liveOrder(outputID: new.orderID))
                pending[amendIndex].entered = true
                let request = ReplaceRequest(id: live.handle, newID: new.handle, price: new.terms.priceTicks, size: new.terms.sizeLots)
                try book(market, .replace(request))
            } else {
                try book(market, .cancel(live.handle))
            }
        }
    }

    /// Phase D: orders whose expiry height is below this block's leave their books.
    mutating func expireOrders() throws(ChainError) {
        let height = height
        for market in config.markets.indices {
            try book(market, .advance(toHeight: height))
        }
    }

    /// Phase E: requested cancels, then cancel-alls and fired dead-man switches, of orders
    /// that were resting (new orders cancelled by a request simply never enter, in phase F).
    mutating func cancelRequestedOrders() throws(ChainError) {
        for orderID in requested.map(\.orderID) + massCancels.orderIDs {
            guard let live = exchange.liveOrder(orderID), exchange.isResting(live.handle, market: live.terms.market) else { continue }
            try book(live.terms.market, .cancel(live.handle))
        }
    }

    /// Runs one book operation into the market's event log. The chain's entry rules make
    /// every such operation valid, so a refusal here is a bug, reported as a typed error.
    mutating func book(_ market: Int, _ operation: BookOperation) throws(ChainError) {
        do {
            try exchange.apply(operation, market: market, into: &logs[market])
        } catch {
            throw .matching(symbol: config.markets[market].symbol, error)
        }
    }
}

extension PendingOrder {
    /// The order as the exchange tracks it once it is in a book.
    func liveOrder(outputID: Hash256) -> LiveOrder {
        LiveOrder(
            orderID: orderID, position: position, terms: terms, contract: contract, outputID: outputID,
            offeredAmount: amount, handle: handle)
    }
}
