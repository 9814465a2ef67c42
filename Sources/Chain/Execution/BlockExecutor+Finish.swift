import Crypto
import Ledger
import Matching
import Primitives

extension BlockExecutor {
    /// Phases G and H, then the outcome.
    mutating func finish(
        state: ChainState, timestampMs: UInt64, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ChainError) -> BlockOutcome {
        var (settlements, settlementIDs, trades, settledOrders) = try settle()
        let events = resolvedEvents()
        releaseFinishedOrders()
        let (epoch, payout) = try advanceEpoch(lastCommit: lastCommit, evidence: evidence)
        if let payout {
            // The payout follows the markets' settlements in the block's settlement list.
            settlements.append(payout)
            settlementIDs.append(payout.id(suite: config.suite))
        }
        let changes = delta.changes
        try Self.checkConservation(changes, minted: pegWork.mintedUnits)
        let commitment = try ParallelMultiset.commitment(from: state.commitment, inserting: changes.created, removing: changes.spent)
        // After the last change to the books (`releaseFinishedOrders`), before they are handed on.
        let exchangeLog = ExchangeLog(base: state.exchange.generation, operations: exchange.endBlock())
        return BlockOutcome(
            height: height, timestampMs: timestampMs, transactions: included, cancels: includedCancels,
            cancelAlls: massCancels.includedCancelAlls, deadManSwitches: massCancels.includedSwitches,
            mainChainHeaders: pegWork.headers, peg: peg, pegWork: pegWork,
            deadMen: massCancels.table, deadManRoot: massCancels.root(start: state, suite: config.suite),
            deadManChanges: massCancels.tableChanges, massCancelled: massCancels.reasons, rejected: rejected, settlements: settlements,
            transactionIDs: included.map(\.id) + settlementIDs, settledOrders: settledOrders, changes: changes, exchange: exchange,
            exchangeLog: exchangeLog,
            commitment: commitment, trades: trades, events: events, epoch: epoch)
    }

    /// Every asset's total is the same after the block as before, but for what the block's
    /// mints created (`minted`, units per asset): nothing else created or lost.
    static func checkConservation(_ changes: UTXOChanges, minted: [AssetID: UInt64] = [:]) throws(ChainError) {
        var created: [AssetID: UInt64] = [:]
        var spent: [AssetID: UInt64] = [:]
        for (_, entry) in changes.created { created[entry.output.asset, default: 0] += entry.output.amount.units }
        for (_, entry) in changes.spent { spent[entry.output.asset, default: 0] += entry.output.amount.units }
        let assets = Set(created.keys).union(spent.keys).union(minted.keys).sorted()
        if let asset = assets.first(where: { created[$0, default: 0] != spent[$0, default: 0] + minted[$0, default: 0] }) {
            throw .conservationViolated(asset: asset)
        }
    }

    /// Each market's events with their handles resolved, before handles are recycled.
    private func resolvedEvents() -> [[ChainBookEvent]] {
        config.markets.map { market in
            logs[market.index].events.map { event in
                ChainBookEvent(event: event, orders: event.orderIDs.compactMap { exchange.orderID(market: market.index, handle: $0) })
            }
        }
    }

    /// Orders that left their books, and handles of new orders that never entered, are
    /// released for later blocks.
    private mutating func releaseFinishedOrders() {
        for (orderID, _) in spentLiveOrders { exchange.untrack(orderID) }
        for market in config.markets {
            for case .orderRemoved(let handle) in logs[market.index].events {
                if let orderID = exchange.orderID(market: market.index, handle: handle) { exchange.untrack(orderID) }
            }
        }
        // By index: a `for order in pending` copies every order (and retains its contract).
        for index in pending.indices {
            let (market, handle) = (pending[index].terms.market, pending[index].handle)
            guard !exchange.isResting(handle, market: market) else { continue }
            if pending[index].entered {
                exchange.untrack(pending[index].orderID)
            } else {
                exchange.releaseHandle(handle, market: market)
            }
        }
    }
}
