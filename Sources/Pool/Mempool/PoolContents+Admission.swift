import Chain
import Crypto
import Ledger
import Primitives

extension PoolContents {
    /// Checks an item against the chain state and everything pooled, and pools it; a refused
    /// item changes nothing. `sequence` keeps an item's place when it is re-admitted;
    /// `refuted` holds the checks this batch's precheck found failing (passes are in the
    /// context's memo).
    mutating func admit(
        _ prepared: PreparedItem, sequence: UInt64? = nil, refuted: Set<CryptoCheck> = [], context: AdmissionContext
    ) throws(ChainError) -> PoolKey {
        guard entries[prepared.key] == nil else { throw .duplicate(id: prepared.key.id) }
        let checks =
            switch prepared.item {
            case .transaction(let checked): try checkTransaction(checked, prepared, refuted: refuted, context: context)
            case .cancel(let cancel): try checkCancel(cancel, prepared, refuted: refuted, context: context)
            case .cancelAll(let request): try checkCancelAll(request, prepared, refuted: refuted, context: context)
            case .deadManSwitch(let deadMan): try checkDeadMan(deadMan, prepared, refuted: refuted, context: context)
            }
        insert(PoolEntry(prepared: prepared, sequence: sequence ?? nextSequence, checks: checks))
        return prepared.key
    }

    /// Order of checks: size, room, the chain's entry rules, conflicts with the pool, then
    /// the ledger (signatures last, the expensive part). Returns the crypto checks passed.
    private func checkTransaction(
        _ checked: CheckedTransaction, _ prepared: PreparedItem, refuted: Set<CryptoCheck>, context: AdmissionContext
    ) throws(ChainError) -> [CryptoCheck] {
        let transaction = checked.transaction
        guard prepared.byteCount <= Transaction.maxEncodedBytes else {
            throw .ledger(.transactionTooLarge(bytes: prepared.byteCount, limit: Transaction.maxEncodedBytes))
        }
        try checkRoom(.transactions, adding: prepared.byteCount, limits: context.limits)
        try context.rules.checkPooled(checked, view: view(over: context.state.utxos))
        try checkConflicts(transaction, state: context.state)
        let recorder = CryptoCheckRecorder()
        do {
            try context.validator(refuted: refuted, recorder: recorder).validate(
                transaction, view: view(over: context.state.utxos), transactionID: checked.id)
        } catch {
            throw .ledger(error)
        }
        return recorder.passed
    }

    /// As the block executor's phase B: the order must be created by a pooled transaction
    /// or resting (and not expiring first), and the request signed by its seller key; and
    /// no pooled transaction may spend the order, or the cancel would find it gone.
    private func checkCancel(
        _ cancel: CancelRequest, _ prepared: PreparedItem, refuted: Set<CryptoCheck>, context: AdmissionContext
    ) throws(ChainError) -> [CryptoCheck] {
        try checkRoom(.cancels, adding: prepared.byteCount, limits: context.limits)
        guard let order = context.cancellableOrder(cancel.orderID, view: view(over: context.state.utxos)) else {
            throw .unknownOrder(orderID: cancel.orderID)
        }
        if let spender = spentBy[order.outputID] { throw .conflict(outputID: order.outputID, transactionID: spender) }
        let recorder = CryptoCheckRecorder()
        let suite = context.suite(refuted: refuted, recorder: recorder)
        guard cancel.isSigned(by: order.contract.sellerKey, chainID: context.config.chainID, suite: suite) else {
            throw .cancelBadSignature(orderID: cancel.orderID)
        }
        return recorder.passed
    }

    /// One more item of `resource` and `bytes` more bytes must fit the limits.
    func checkRoom(_ resource: MempoolResource, adding bytes: Int, limits: MempoolLimits) throws(ChainError) {
        let count = resource == .transactions ? transactionCount : cancelCount
        guard count < limits.limit(resource) else { throw .mempoolFull(resource: resource, limit: limits.limit(resource)) }
        guard byteCount + bytes <= limits.maxBytes else { throw .mempoolFull(resource: .bytes, limit: limits.maxBytes) }
    }

    /// No input may be spent by a pooled transaction, nor hold an order with a pooled
    /// cancel request (the block runs transactions before cancels, so the cancel would fail).
    private func checkConflicts(_ transaction: Transaction, state: ChainState) throws(ChainError) {
        for input in transaction.inputs {
            let outputID = input.spentOutputID
            if let spender = spentBy[outputID] { throw .conflict(outputID: outputID, transactionID: spender) }
            let orderID = created[outputID] == nil ? state.utxos.orderID(ofOutput: outputID) : outputID
            if let orderID, entries[.cancel(orderID: orderID)] != nil { throw .cancelPending(orderID: orderID) }
        }
    }
}
