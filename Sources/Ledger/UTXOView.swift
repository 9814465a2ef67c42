import Crypto
import Primitives

/// Read access to the unspent outputs a transaction may spend. The chain backs it with
/// its UTXO set; tests and the mempool use `MemoryUTXOSet` or an overlay.
public protocol UTXOView {
    /// The unspent output with this ID, or nil if it never existed or was spent.
    func unspentOutput(_ id: Hash256) -> Output?
}

/// An in-memory UTXO set that applies validated transactions.
public struct MemoryUTXOSet: UTXOView, Sendable {
    private var outputs: [Hash256: Output] = [:]

    public init() {}

    public var count: Int { outputs.count }

    public func unspentOutput(_ id: Hash256) -> Output? { outputs[id] }

    /// Adds an output directly (genesis allocations, tests).
    public mutating func insert(_ output: Output, id: Hash256) { outputs[id] = output }

    /// Spends the transaction's inputs and adds its outputs; call only after validation.
    /// Returns the IDs of the new outputs, in output order.
    @discardableResult
    public mutating func apply(_ transaction: Transaction, suite: any CryptoSuite) -> [Hash256] {
        for input in transaction.inputs {
            let removed = outputs.removeValue(forKey: input.spentOutputID)
            precondition(removed != nil, "apply() of an unvalidated transaction")
        }
        let transactionID = transaction.id(suite: suite)
        return transaction.outputs.enumerated().map { index, output in
            let id = Transaction.outputID(transactionID: transactionID, index: index, suite: suite)
            outputs[id] = output
            return id
        }
    }

    /// The total of each asset held in the set, sorted by asset for deterministic reports.
    public func totals() throws(PrimitivesError) -> [(asset: AssetID, amount: Amount)] {
        var sums: [AssetID: Amount] = [:]
        for output in outputs.values { sums[output.asset] = try (sums[output.asset] ?? .zero).adding(output.amount) }
        return sums.sorted { $0.key < $1.key }.map { (asset: $0.key, amount: $0.value) }
    }
}
