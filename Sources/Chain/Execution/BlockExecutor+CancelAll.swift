import Crypto
import Ledger
import Primitives

/// What a block's cancel-alls and dead-man switches did: the orders they return (phase E for
/// resting ones, never entering for new ones), the requests included, and the dead-man table.
struct MassCancels {
    /// Orders to return, in block order: each cancel-all's, then each fired switch's, each
    /// list sorted by order position.
    private(set) var orderIDs: [Hash256] = []
    /// Why each of `orderIDs` is returned (also the membership test).
    private(set) var reasons: [Hash256: MassCancelReason] = [:]
    var includedCancelAlls: [CancelAllRequest] = []
    var includedSwitches: [DeadManSwitch] = []
    /// The table as the block leaves it (fired entries already out).
    private(set) var table: DeadManTable
    /// Scopes whose trigger is due at this block's height, sorted.
    let fired: [DeadManTable.Scope]
    private var touched = Set<DeadManTable.Scope>()
    /// Orders resting at block start per seller key, sorted by position; built on first use
    /// (one walk of the books per block that has a cancel-all or a fired switch).
    private let restingBySeller = SellerOrders()

    init(table: DeadManTable, height: UInt64) {
        var table = table
        fired = table.removeDue(atHeight: height)
        self.table = table
        touched = Set(fired)
    }

    func contains(_ orderID: Hash256) -> Bool { reasons[orderID] != nil }

    mutating func add(_ orderIDs: [Hash256], reason: MassCancelReason) {
        for orderID in orderIDs where reasons[orderID] == nil {
            self.orderIDs.append(orderID)
            reasons[orderID] = reason
        }
    }

    /// Keeps a fired switch armed for `trigger` (it could not return every order in its block).
    mutating func rearm(_ scope: DeadManTable.Scope, at trigger: UInt64) {
        table.arm(scope, at: trigger)
        touched.insert(scope)
    }

    mutating func arm(_ deadMan: DeadManSwitch) {
        table.arm(deadMan.scope, at: deadMan.triggerHeight)
        touched.insert(deadMan.scope)
        includedSwitches.append(deadMan)
    }

    /// The orders of `sellerKey` resting at block start (phase B changes no resting order).
    func resting(of sellerKey: PublicKey, in exchange: Exchange) -> [LiveOrder] {
        restingBySeller.orders(of: sellerKey, in: exchange)
    }

    /// The table's root after the block: the start's when nothing touched it.
    func root(start: ChainState, suite: any CryptoSuite) -> Hash256? {
        touched.isEmpty ? start.deadManRoot : table.root(suite: suite)
    }

    /// The slots this block changed, sorted, with their trigger after it (nil: emptied).
    var tableChanges: [(scope: DeadManTable.Scope, trigger: UInt64?)] {
        touched.sorted().map { ($0, table.trigger(of: $0)) }
    }
}

/// Why a block returned an order no request named by ID.
public enum MassCancelReason: Sendable, Equatable {
    /// A cancel-all request of its seller key.
    case cancelAll
    /// Its seller key's dead-man switch fired.
    case deadMan
}

extension BlockExecutor {
    /// Phase B for one cancel-all: a bound no higher than this block and no older than the
    /// window, an existing market, the seller's signature for this chain, and at least one
    /// order left to cancel. Signatures are always checked here (no pool checked them).
    mutating func admit(_ request: CancelAllRequest) throws(ChainError) {
        guard request.createdUpToHeight <= height else {
            throw .cancelAllFutureHeight(upToHeight: request.createdUpToHeight, height: height)
        }
        guard request.createdUpToHeight + CancelAllRequest.windowBlocks >= height else {
            throw .cancelAllTooOld(upToHeight: request.createdUpToHeight, height: height, windowBlocks: CancelAllRequest.windowBlocks)
        }
        try checkScope(request.market)
        guard request.isSigned(chainID: config.chainID, suite: config.suite) else {
            throw .cancelAllBadSignature(sellerKey: request.sellerKey)
        }
        let inScope = { (market: Int, position: OrderPosition) in
            DeadManTable.Scope.scope(request.market, covers: market) && position.height <= request.createdUpToHeight
        }
        let resting = massCancels.resting(of: request.sellerKey, in: exchange)
            .filter { inScope($0.terms.market, $0.position) && isStillCancellable($0) }
        // Orders created earlier in this block (in block order), unless already gone; their
        // return is already counted in the market's share.
        let created = pending.filter {
            $0.contract.sellerKey == request.sellerKey && inScope($0.terms.market, $0.position)
                && !$0.cancelledByTransaction && $0.cancelRequest == nil && !massCancels.contains($0.orderID)
        }.map(\.orderID)
        guard !resting.isEmpty || !created.isEmpty else { throw .cancelAllNothingLeft(sellerKey: request.sellerKey) }
        let taken = takeRoom(for: resting)
        guard !taken.isEmpty || !created.isEmpty else {
            // Only resting orders are left, and none fits this block: it waits in the pool.
            throw .marketBlockFull(symbol: config.markets[resting[0].terms.market].symbol, limit: Self.blockItemsMax)
        }
        massCancels.add(taken + created, reason: .cancelAll)
        massCancels.includedCancelAlls.append(request)
    }

    /// The resting orders, oldest first, that fit the block's share for items
    /// (`blockItemsMax`, with the block's new orders and cancels), counted in as taken. A
    /// cancel-all or a fired switch that names more returns the rest in later blocks: the
    /// same cancel-all sent again (a replay cancels only what is left), a switch by staying
    /// armed for the next height.
    private mutating func takeRoom(for resting: [LiveOrder]) -> [Hash256] {
        var taken: [Hash256] = []
        for order in resting {
            guard itemsInBlock < Self.blockItemsMax else { break }
            itemsInBlock += 1
            taken.append(order.orderID)
        }
        return taken
    }

    /// Phase B for one dead-man switch: an existing market, a trigger above this height and
    /// within the horizon, above the armed one, room in the table, and the seller's signature.
    mutating func admit(_ deadMan: DeadManSwitch) throws(ChainError) {
        try checkScope(deadMan.market)
        guard deadMan.triggerHeight > height, deadMan.triggerHeight - height <= DeadManSwitch.horizonBlocks else {
            throw .deadManOutOfRange(trigger: deadMan.triggerHeight, height: height, horizonBlocks: DeadManSwitch.horizonBlocks)
        }
        if let armed = massCancels.table.trigger(of: deadMan.scope) {
            guard deadMan.triggerHeight > armed else { throw .deadManStale(trigger: deadMan.triggerHeight, armed: armed) }
        } else {
            guard massCancels.table.count < massCancels.table.capacity else {
                throw .deadManTableFull(limit: massCancels.table.capacity)
            }
        }
        guard deadMan.isSigned(chainID: config.chainID, suite: config.suite) else {
            throw .deadManBadSignature(sellerKey: deadMan.sellerKey)
        }
        massCancels.arm(deadMan)
    }

    /// End of phase B: each switch due at this height (armed before this block) returns its
    /// seller's orders in scope that rest at block start and nothing else in the block took.
    mutating func fireDeadManSwitches() {
        for scope in massCancels.fired {
            let targets = massCancels.resting(of: scope.sellerKey, in: exchange)
                .filter { scope.covers(sellerKey: $0.contract.sellerKey, market: $0.terms.market) && isStillCancellable($0) }
            let taken = takeRoom(for: targets)
            massCancels.add(taken, reason: .deadMan)
            // What did not fit goes in the next block: the switch stays armed one height on
            // (unless this block armed it again already).
            if taken.count < targets.count, massCancels.table.trigger(of: scope) == nil {
                massCancels.rearm(scope, at: height + 1)
            }
        }
    }

    private func checkScope(_ market: UInt32?) throws(ChainError) {
        if let market, Int(market) >= config.markets.count {
            throw .scopeUnknownMarket(market: market, count: config.markets.count)
        }
    }

    /// A resting order no transaction spent, not expiring now, not already cancelled.
    private func isStillCancellable(_ order: LiveOrder) -> Bool {
        !spentLiveSet.contains(order.orderID) && !order.contract.isExpired(atHeight: height)
            && requestedSignatures[order.orderID] == nil && !massCancels.contains(order.orderID)
    }
}
