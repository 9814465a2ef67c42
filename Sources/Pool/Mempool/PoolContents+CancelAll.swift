import Chain
import Crypto
import Ledger
import Primitives

extension PoolContents {
    /// As the block executor's phase B, against the next block's height: the bound in the
    /// window, the market existing, the seller's signature for this chain, and at least one
    /// order to cancel: resting and not expiring first, or created by a pooled transaction
    /// (the cancel-all runs after every transaction of its block).
    func checkCancelAll(
        _ request: CancelAllRequest, _ prepared: PreparedItem, refuted: Set<CryptoCheck>, context: AdmissionContext
    ) throws(ChainError) -> [CryptoCheck] {
        try checkRoom(.cancels, adding: prepared.byteCount, limits: context.limits)
        let height = context.height
        guard request.createdUpToHeight <= height else {
            throw .cancelAllFutureHeight(upToHeight: request.createdUpToHeight, height: height)
        }
        guard request.createdUpToHeight + CancelAllRequest.windowBlocks >= height else {
            throw .cancelAllTooOld(upToHeight: request.createdUpToHeight, height: height, windowBlocks: CancelAllRequest.windowBlocks)
        }
        try Self.checkScope(request.market, context: context)
        let recorder = CryptoCheckRecorder()
        guard request.isSigned(chainID: context.config.chainID, suite: context.suite(refuted: refuted, recorder: recorder)) else {
            throw .cancelAllBadSignature(sellerKey: request.sellerKey)
        }
        guard namesAnOrder(request, context: context) else { throw .cancelAllNothingLeft(sellerKey: request.sellerKey) }
        return recorder.passed
    }

    /// As the executor: trigger above the next height and within the horizon, above the
    /// armed one, room in the table for a new key and scope, and the seller's signature.
    /// (A pooled switch with a higher trigger for the same scope makes a lower one stale in
    /// the block; the block leaves it out and the pool drops it after.)
    func checkDeadMan(
        _ deadMan: DeadManSwitch, _ prepared: PreparedItem, refuted: Set<CryptoCheck>, context: AdmissionContext
    ) throws(ChainError) -> [CryptoCheck] {
        try checkRoom(.cancels, adding: prepared.byteCount, limits: context.limits)
        let height = context.height
        try Self.checkScope(deadMan.market, context: context)
        guard deadMan.triggerHeight > height, deadMan.triggerHeight - height <= DeadManSwitch.horizonBlocks else {
            throw .deadManOutOfRange(trigger: deadMan.triggerHeight, height: height, horizonBlocks: DeadManSwitch.horizonBlocks)
        }
        let table = context.state.deadMen
        // An entry due at the next height fires and leaves before that block judges switches.
        if let armed = table.trigger(of: deadMan.scope), armed != height {
            guard deadMan.triggerHeight > armed else { throw .deadManStale(trigger: deadMan.triggerHeight, armed: armed) }
        } else {
            guard table.count < table.capacity else { throw .deadManTableFull(limit: table.capacity) }
        }
        let recorder = CryptoCheckRecorder()
        guard deadMan.isSigned(chainID: context.config.chainID, suite: context.suite(refuted: refuted, recorder: recorder)) else {
            throw .deadManBadSignature(sellerKey: deadMan.sellerKey)
        }
        return recorder.passed
    }

    /// The pooled cancel-alls and dead-man switches the next block should try, oldest first.
    func massCandidates(maxCancelAlls: Int, maxDeadManSwitches: Int) -> (cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch]) {
        var cancelAlls: [CancelAllRequest] = []
        var switches: [DeadManSwitch] = []
        for key in arrival.keys {
            switch entries[key]?.item {
            case .cancelAll(let request)? where cancelAlls.count < maxCancelAlls: cancelAlls.append(request)
            case .deadManSwitch(let deadMan)? where switches.count < maxDeadManSwitches: switches.append(deadMan)
            default: continue
            }
        }
        return (cancelAlls, switches)
    }

    private static func checkScope(_ market: UInt32?, context: AdmissionContext) throws(ChainError) {
        if let market, Int(market) >= context.config.markets.count {
            throw .scopeUnknownMarket(market: market, count: context.config.markets.count)
        }
    }

    /// Whether a resting order or a pooled one of the request's key is in its scope and bound.
    private func namesAnOrder(_ request: CancelAllRequest, context: AdmissionContext) -> Bool {
        let inScope = { (market: Int) in DeadManTable.Scope.scope(request.market, covers: market) }
        let resting = context.sellerOrders.orders(of: request.sellerKey, in: context.state.exchange).contains {
            inScope($0.terms.market) && $0.position.height <= request.createdUpToHeight && !$0.contract.isExpired(atHeight: context.height)
        }
        guard !resting else { return true }
        // Pooled orders enter at the next height.
        guard request.createdUpToHeight >= context.height else { return false }
        return created.values.contains { pooled in
            guard let contract = pooled.output.program.magneticOrder, contract.sellerKey == request.sellerKey else { return false }
            let market = context.state.exchange.market(offered: pooled.output.asset, requested: contract.requestedAsset)
            return market.map { inScope($0.index) } ?? false
        }
    }
}
