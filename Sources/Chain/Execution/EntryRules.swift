import Crypto
import Ledger
import Primitives

/// A new order a transaction creates: which output holds it, read as an order of its market.
typealias EntryOrder = (outputIndex: Int, terms: OrderTerms, contract: MagneticOrder)

/// The chain's rules for a user transaction beyond the ledger's: its new orders must be
/// orders of listed markets on their grids, within the fee cap, not already expired and not
/// too many; users may not fill or return orders themselves; vote locks hold the native
/// asset with the genesis unlock delay; the fee pool is the chain's alone; and a punished
/// validator's self-stake stays locked; with a peg, no mint while halted or of a deposit
/// already minted, and burns only of pegged assets within their supply; a federation
/// deposit is never an output here. The block executor and the mempool both call this,
/// so what the mempool admits passes again in the next block.
package struct EntryRules: Sendable {
    let exchange: Exchange
    /// The height of the block the transaction would enter.
    package let height: UInt64
    let nativeAsset: AssetID
    let unlockDelayBlocks: UInt64
    let punished: Set<PublicKey>
    /// The peg as the transaction would find it (a block's executor passes its own, with the
    /// block's headers, mints and burns so far); nil without a peg.
    let peg: PegState?

    package init(state: ChainState, exchange: Exchange, height: UInt64) {
        self.init(state: state, exchange: exchange, height: height, peg: state.peg)
    }

    init(state: ChainState, exchange: Exchange, height: UInt64, peg: PegState?) {
        self.exchange = exchange
        self.height = height
        nativeAsset = state.config.nativeAsset
        unlockDelayBlocks = state.config.genesis.unlockDelayBlocks
        punished = state.epoch.punished
        self.peg = peg
    }

    /// Checks every rule against `view` (where the spent outputs are); returns the
    /// transaction's new orders in output order. `pendingExpiring` counts the orders per
    /// expiry bucket a block being built already placed (none for the pool).
    func check(
        _ checked: CheckedTransaction, view: some UTXOView, pendingExpiring: (UInt64) -> Int = { _ in 0 }
    ) throws(ChainError) -> [EntryOrder] {
        let transaction = checked.transaction
        let orders = try newOrders(of: checked)
        try checkExpiryRoom(orders, of: transaction, view: view, pending: pendingExpiring)
        try checkStakeOutputs(transaction)
        try checkMagneticInputs(transaction)
        try checkStakeInputs(transaction, view: view)
        try checkPeg(transaction)
        return orders
    }

    /// A federation deposit is no sidechain output; with a peg, a mint must find the peg
    /// running and its deposits not yet minted, and a burn (cross-chain-out) must be of a
    /// pegged asset and, with the transaction's other burns, within its supply. Without a peg
    /// a mint is the ledger's to refuse (no peg context) and burns keep their old rules.
    private func checkPeg(_ transaction: Transaction) throws(ChainError) {
        for (index, output) in transaction.outputs.enumerated() {
            if case .federationDeposit = output.program { throw .pegDepositOutput(output: index) }
        }
        guard let peg else { return }
        let deposits = transaction.mintedDepositIDs
        if !deposits.isEmpty { try peg.checkMint(depositIDs: deposits) }
        var burned: [AssetID: UInt64] = [:]
        for (index, output) in transaction.outputs.enumerated() {
            guard case .crossChainOut = output.program else { continue }
            let (total, overflow) = burned[output.asset, default: 0].addingReportingOverflow(output.amount.units)
            guard !overflow else { throw .ledger(.amountOverflow) }
            _ = try peg.checkBurn(asset: output.asset, amount: Amount(total), output: index)
            burned[output.asset] = total
        }
    }

    /// Vote locks must be native with the genesis delay; nobody but the chain makes a fee pool.
    private func checkStakeOutputs(_ transaction: Transaction) throws(ChainError) {
        for (index, output) in transaction.outputs.enumerated() {
            switch output.program {
            case .voteLock(let lock):
                guard output.asset == nativeAsset else { throw .voteLockNotNative(output: index) }
                // An unvote re-locks with the delay of the lock it spends, which is always this one.
                guard lock.unlockDelayBlocks == unlockDelayBlocks else {
                    throw .voteLockWrongDelay(output: index, expected: unlockDelayBlocks, got: lock.unlockDelayBlocks)
                }
            case .feePool: throw .feePoolReserved(reason: "output \(index) may not create one")
            default: continue
            }
        }
    }

    /// A punished validator's own locks can be neither unvoted nor withdrawn.
    private func checkStakeInputs(_ transaction: Transaction, view: some UTXOView) throws(ChainError) {
        guard !punished.isEmpty else { return }
        for (index, input) in transaction.inputs.enumerated() {
            guard case .voteLock(let lock)? = view.unspentOutput(input.spentOutputID)?.program,
                lock.owner == lock.candidate, punished.contains(lock.candidate)
            else { continue }
            throw .stakeFrozen(input: index, validator: lock.candidate)
        }
    }

    /// The magnetic outputs of a transaction, read as orders of their markets: the terms the
    /// edge read when it checked the transaction, or read here.
    private func newOrders(of checked: CheckedTransaction) throws(ChainError) -> [EntryOrder] {
        var orders: [EntryOrder] = []
        for order in checked.orders ?? CheckedOrder.read(checked.transaction, markets: exchange.directory) {
            if let expiry = order.contract.expiryHeight, expiry < height { throw .orderExpired(expiry: expiry, height: height) }
            orders.append((order.outputIndex, try order.terms.get(), order.contract))
        }
        guard orders.count <= BlockExecutor.maxOrdersPerTransaction else {
            throw .tooManyOrders(count: orders.count, limit: BlockExecutor.maxOrdersPerTransaction)
        }
        return orders
    }

    /// Orders with an expiry may not make more than `Exchange.expiriesPerHeightMax` orders
    /// (of all markets) expire at one height, counting those resting and `pending` (orders
    /// the same block already placed). The orders the transaction cancels (spends by their
    /// cancel clause) make room at their heights, so a replace keeping its expiry needs none.
    private func checkExpiryRoom(
        _ orders: [EntryOrder], of transaction: Transaction, view: some UTXOView, pending: (UInt64) -> Int
    ) throws(ChainError) {
        guard orders.contains(where: { $0.contract.expiryHeight != nil }) else { return }
        var wanted: [UInt64: Int] = [:]
        for order in orders {
            guard let expiry = order.contract.expiryHeight else { continue }
            wanted[expiry, default: 0] += 1
        }
        for input in transaction.inputs {
            guard let output = view.unspentOutput(input.spentOutputID), let contract = output.program.magneticOrder,
                let expiry = contract.expiryHeight, let count = wanted[expiry]
            else { continue }
            wanted[expiry] = count - 1
        }
        // Sorted, so the same transaction is refused with the same height everywhere.
        for height in wanted.keys.sorted() {
            let total = exchange.expiringCount(height: height) + pending(height) + wanted[height, default: 0]
            guard total <= Exchange.expiriesPerHeightMax else {
                // Named by the first of the transaction's orders expiring at that height.
                let market = orders.first { $0.contract.expiryHeight == height }?.terms.market ?? 0
                throw .expiryHeightFull(symbol: exchange.markets[market].symbol, height: height, limit: Exchange.expiriesPerHeightMax)
            }
        }
    }

    /// Users may cancel orders; only settlements fill or return them.
    private func checkMagneticInputs(_ transaction: Transaction) throws(ChainError) {
        for (index, input) in transaction.inputs.enumerated() {
            switch input.witness {
            case .fillOrder, .returnOrder: throw .fillOutsideSettlement(input: index)
            case .feePayout: throw .feePoolReserved(reason: "input \(index) may not spend it")
            default: continue
            }
        }
    }
}
