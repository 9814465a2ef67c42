import Crypto
import Primitives

/// Checks a transaction against the ledger's rules: limits, well-formed programs, inputs
/// that exist, per-asset balance through the mux, each input's spend clause, and the
/// magnetic settlement rule. Validation never changes anything; the first broken rule, in
/// a fixed order, is the error.
public struct TransactionValidator: Sendable {
    public let context: ValidationContext
    /// False only where every signature was already verified under the same chain ID and
    /// the same transaction bytes (a proposer building from its own mempool); validators
    /// re-executing a received block always verify.
    public let verifiesSignatures: Bool

    public init(context: ValidationContext, verifiesSignatures: Bool = true) {
        self.context = context
        self.verifiesSignatures = verifiesSignatures
    }

    /// Validates `transaction` against the unspent outputs in `view`; returns what it spends.
    /// A caller that already computed the transaction ID passes it, so it is hashed once.
    /// `limits`: a block's settlement may be larger than a user transaction.
    @discardableResult
    public func validate(
        _ transaction: Transaction, view: some UTXOView, transactionID knownID: Hash256? = nil,
        limits: Transaction.ShapeLimits = .user
    ) throws(LedgerError) -> [Output] {
        try checkShape(transaction, limits: limits)
        // A mint spends main-chain deposits named by its evidence, not outputs of the view.
        let isMint = transaction.isPegIn
        let spent = isMint ? try mintSpentOutputs(transaction) : try spentOutputs(transaction, view: view)
        // A mint's outputs are checked against its deposits one by one (a precise error
        // each), after which the balance holds by construction and is checked last.
        if !isMint { try checkBalance(transaction, spent: spent) }
        let transactionID = knownID ?? transaction.id(suite: context.suite)
        var settlement = SettlementCheck()
        for index in transaction.inputs.indices {
            try checkSpend(
                transaction, inputIndex: index, spent: spent[index], transactionID: transactionID, view: view,
                settlement: &settlement)
        }
        if isMint { try checkBalance(transaction, spent: spent) }
        try settlement.verify(outputs: transaction.outputs)
        return spent
    }

    /// Rules that need no chain state.
    func checkShape(_ transaction: Transaction, limits: Transaction.ShapeLimits = .user) throws(LedgerError) {
        guard transaction.version == Transaction.currentVersion else { throw .unsupportedVersion(transaction.version) }
        guard !transaction.inputs.isEmpty else { throw .noInputs }
        guard transaction.inputs.count <= limits.inputsMax else {
            throw .tooManyInputs(count: transaction.inputs.count, limit: limits.inputsMax)
        }
        guard transaction.outputs.count <= limits.outputsMax else {
            throw .tooManyOutputs(count: transaction.outputs.count, limit: limits.outputsMax)
        }
        var seen = Set<Hash256>(minimumCapacity: transaction.inputs.count)
        for (index, input) in transaction.inputs.enumerated() where !seen.insert(input.spentOutputID).inserted {
            throw .duplicateInput(input: index)
        }
        for (index, output) in transaction.outputs.enumerated() {
            guard output.amount > .zero else { throw .zeroAmountOutput(output: index) }
            if let reason = output.program.checkWellFormed(suite: context.suite) {
                throw .invalidProgram(output: index, reason: reason)
            }
            if let order = output.program.magneticOrder, order.requestedAsset == output.asset {
                throw .invalidProgram(output: index, reason: "an order cannot request the asset it offers")
            }
        }
        try checkPegOutBurns(transaction)
    }

    private func spentOutputs(_ transaction: Transaction, view: some UTXOView) throws(LedgerError) -> [Output] {
        var spent = [Output]()
        spent.reserveCapacity(transaction.inputs.count)
        for (index, input) in transaction.inputs.enumerated() {
            guard let output = view.unspentOutput(input.spentOutputID) else {
                throw .missingInput(input: index, outputID: input.spentOutputID)
            }
            spent.append(output)
        }
        return spent
    }

    /// The mux: for every asset, inputs equal outputs, plus the fee for the native asset.
    func checkBalance(_ transaction: Transaction, spent: [Output]) throws(LedgerError) {
        var net = AssetLedger()
        do {
            for output in spent { try net.credit(output.asset, output.amount) }
            for output in transaction.outputs { try net.debit(output.asset, output.amount) }
            try net.debit(context.nativeAsset, transaction.fee)
        } catch {
            throw .amountOverflow
        }
        if let asset = net.firstUnbalancedAsset() { throw .unbalancedAsset(asset: asset) }
    }
}

/// Per-asset credits and debits, each summed with overflow checks.
struct AssetLedger {
    private var credits: [AssetID: Amount] = [:]
    private var debits: [AssetID: Amount] = [:]

    mutating func credit(_ asset: AssetID, _ amount: Amount) throws(PrimitivesError) {
        credits[asset] = try (credits[asset] ?? .zero).adding(amount)
    }

    mutating func debit(_ asset: AssetID, _ amount: Amount) throws(PrimitivesError) {
        guard amount > .zero else { return }
        debits[asset] = try (debits[asset] ?? .zero).adding(amount)
    }

    /// The smallest asset ID whose credits and debits differ (smallest, so the error is the
    /// same on every machine whatever the hash table order).
    func firstUnbalancedAsset() -> AssetID? {
        Set(credits.keys).union(debits.keys).sorted().first { credits[$0] ?? .zero != debits[$0] ?? .zero }
    }
}
