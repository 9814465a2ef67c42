import Crypto
import Ledger
import Matching
import Primitives

/// The state transition: a block's transactions and cancels in, its settlements, UTXO
/// changes, books and commitment out. Deterministic: the same state and inputs give the
/// same bytes on every machine.
///
/// Order of work (docs/CHAIN.md): (0) main-chain headers into the peg's header tree, in
/// block order; (A) user transactions in block order, checked by the
/// chain's entry rules and the ledger and applied; (B) cancel requests, cancel-alls, dead-man
/// switches, then the switches due at this height fire; (C) orders spent by transactions
/// leave their books (amends keep their place); (D) expiry; (E) requested cancels, then
/// those of cancel-alls and fired switches; (F) new orders in block order through the
/// matching core; (G) one settlement per market, checked by the ledger's contract rules;
/// (H) transaction fees to the epoch's fee pool, the epoch bookkeeping (signed blocks,
/// punishments; at an epoch's last block the fee payout and the election), conservation,
/// commitment.
public struct BlockExecutor {
    /// `build`: leave out what fails and report it (a proposer). `verify`: any failure
    /// rejects the whole block (a validator re-executing a proposal).
    public enum Mode: Sendable { case build, verify }

    /// Most new orders one transaction may create.
    public static let maxOrdersPerTransaction = 64

    /// Most orders a block's settlements may spend, over all markets. Each is one input and
    /// needs at most three outputs (its remainder, and the netted payouts of two assets to its
    /// seller); a market's fee collector outputs come on top. So any market's settlement fits
    /// a settlement's limits (`Transaction.settlementInputsMax`), and all of them together at
    /// most `settledOrderBytesMax` each fit the block beside its user transactions
    /// (`Block.settlementBytesMax`), however the block's orders match.
    public static let settlementOrdersMax = Transaction.settlementInputsMax

    /// An upper bound on one settled order's bytes in its settlement: the input (spent ID and
    /// witness) and three outputs, each as large as a magnetic output with the largest seller
    /// program (a 16-key multisig) can be.
    public static let settledOrderBytesMax = 2_048

    /// Most new orders, cancel requests and orders of cancel-alls and fired switches in a
    /// block, over all markets: half the settlements' room, the other half left for expiries
    /// and the resting orders new orders reach. An item past it waits in the pool for a later
    /// block (`market_block_full`).
    public static let blockItemsMax = settlementOrdersMax / 2

    let config: ChainConfig
    /// The state the block executes on (copy-on-write: nothing is copied).
    let start: ChainState
    let mode: Mode
    let height: UInt64
    /// Checks signatures: every transaction of a received block, and a built block's
    /// transactions the pool has not verified.
    var validator: TransactionValidator
    /// Skips the signatures a built block's candidates already passed in the pool.
    var trustingValidator: TransactionValidator
    var delta: UTXODelta
    var exchange: Exchange
    var included: [CheckedTransaction] = []
    var includedCancels: [CancelRequest] = []
    var rejected: [RejectedItem] = []
    var feesPaid = Amount.zero
    /// New orders in block order, and where each is in that list.
    var pending: [PendingOrder] = []
    var pendingByID: [Hash256: Int] = [:]
    var pendingPerMarket: [Int]
    /// New orders, cancel requests and mass-cancelled orders taken so far (under `blockItemsMax`).
    var itemsInBlock = 0
    /// New orders of this block per expiry bucket (with the resting ones, under
    /// `Exchange.expiriesPerHeightMax`).
    var pendingExpiring: [UInt64: Int] = [:]
    /// Orders resting at block start whose outputs a transaction spent, in block order.
    var spentLiveOrders: [(orderID: Hash256, amend: Int?)] = []
    var spentLiveSet = Set<Hash256>()
    /// Cancel requests that passed, in block order.
    var requested: [(orderID: Hash256, signature: Signature)] = []
    var requestedSignatures: [Hash256: Signature] = [:]
    /// Cancel-alls and dead-man switches: their state (BlockExecutor+CancelAll.swift).
    var massCancels: MassCancels
    var logs: [EventLog]
    /// The peg's state as the block changes it (headers, then mints and burns); nil without a peg.
    var peg: PegState?
    /// What the block did to the peg: headers taken, deposits minted, burns (BlockExecutor+Peg.swift).
    var pegWork = PegWork()

    /// Whether cancel signatures still need checking (false only for a proposer whose
    /// candidate cancels all passed its pool's checks).
    let verifiesCancelSignatures: Bool

    init(state: ChainState, mode: Mode, height: UInt64, cancelSignaturesVerified: Bool) {
        verifiesCancelSignatures = mode == .verify || !cancelSignaturesVerified
        config = state.config
        start = state
        self.mode = mode
        self.height = height
        let context = state.config.context(height: height)
        validator = TransactionValidator(context: context, verifiesSignatures: true)
        trustingValidator = TransactionValidator(context: context, verifiesSignatures: false)
        delta = UTXODelta(base: state.utxos)
        exchange = state.workingExchange()
        logs = state.config.markets.map { _ in EventLog() }
        pendingPerMarket = state.config.markets.map { _ in 0 }
        massCancels = MassCancels(table: state.deadMen, height: height)
        peg = state.peg
    }

    /// Executes the block at `state.height + 1`.
    /// `lastCommit` and `evidence` must have passed `ChainState.checkLastCommit` and
    /// `checkEvidence`; here they only feed the epoch bookkeeping. In `verify` mode every
    /// signature is checked, whatever the transactions' `signaturesVerified` (or
    /// `cancelSignaturesVerified`, for a proposer's pooled cancels) says.
    public static func execute(
        state: ChainState, mode: Mode, timestampMs: UInt64, transactions: [CheckedTransaction], cancels: [CancelRequest],
        cancelAlls: [CancelAllRequest] = [], deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [],
        lastCommit: Certificate? = nil, evidence: [Evidence] = [], cancelSignaturesVerified: Bool = false
    ) throws(ChainError) -> BlockOutcome {
        var executor = BlockExecutor(
            state: state, mode: mode, height: state.height + 1, cancelSignaturesVerified: cancelSignaturesVerified)
        for (index, header) in mainChainHeaders.enumerated() {
            try executor.attempt(.mainChainHeader, index) { (executor: inout BlockExecutor) throws(ChainError) in
                try executor.acceptMainChainHeader(header, index: index)
            }
        }
        executor.judgeMintsByBlockHeaders()
        // Settlements add about one output per order and spend about as many.
        let outputCount = transactions.reduce(0) { $0 + $1.transaction.outputs.count }
        let inputCount = transactions.reduce(0) { $0 + $1.transaction.inputs.count }
        executor.delta.reserveCapacity(created: 2 * outputCount, spent: inputCount + outputCount)
        // Lists of large values, grown step by step, were copied about twice over: each new
        // order is one pending entry and about four recorded book changes (handle, track,
        // submit, then untrack or an output update).
        let orderCount = min(Self.blockItemsMax, transactions.reduce(0) { $0 + ($1.orders?.count ?? $1.transaction.outputs.count) })
        executor.included.reserveCapacity(transactions.count)
        executor.pending.reserveCapacity(orderCount)
        executor.exchange.reserveRecord(adding: 4 * orderCount)
        for (index, transaction) in transactions.enumerated() {
            try executor.attempt(.transaction, index) { (executor: inout BlockExecutor) throws(ChainError) in
                try executor.admit(transaction)
            }
        }
        for (index, cancel) in cancels.enumerated() {
            try executor.attempt(.cancel, index) { (executor: inout BlockExecutor) throws(ChainError) in
                try executor.admit(cancel)
            }
        }
        for (index, request) in cancelAlls.enumerated() {
            try executor.attempt(.cancelAll, index) { (executor: inout BlockExecutor) throws(ChainError) in
                try executor.admit(request)
            }
        }
        for (index, deadMan) in deadManSwitches.enumerated() {
            try executor.attempt(.deadManSwitch, index) { (executor: inout BlockExecutor) throws(ChainError) in
                try executor.admit(deadMan)
            }
        }
        executor.fireDeadManSwitches()
        try executor.runBooks()
        return try executor.finish(state: state, timestampMs: timestampMs, lastCommit: lastCommit, evidence: evidence)
    }

    /// Runs one admission; in build mode a failure is recorded and the item left out.
    private mutating func attempt(
        _ kind: RejectedItem.Kind, _ index: Int, _ body: (inout BlockExecutor) throws(ChainError) -> Void
    ) throws(ChainError) {
        do {
            try body(&self)
        } catch {
            guard mode == .build else { throw error }
            rejected.append(RejectedItem(kind: kind, index: index, error: error))
        }
    }

    /// Phases C to F: the books.
    private mutating func runBooks() throws(ChainError) {
        try removeSpentOrders()
        try expireOrders()
        try cancelRequestedOrders()
        try submitNewOrders()
    }
}

/// An order created by a transaction of this block.
struct PendingOrder {
    let orderID: Hash256
    let position: OrderPosition
    let terms: OrderTerms
    let contract: MagneticOrder
    let amount: Amount
    let handle: OrderID
    /// The resting order this one amends in place (same price, not larger), if any.
    let amends: Hash256?
    var cancelledByTransaction = false
    var cancelRequest: Signature?
    /// Whether the order was handed to its book (submitted, or placed by an amend).
    var entered = false
}
