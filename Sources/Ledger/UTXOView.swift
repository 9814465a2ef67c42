import Crypto
import Primitives

/// Read access to the unspent outputs a transaction may spend. The chain backs it with
/// its UTXO set; tests and the mempool use `MemoryUTXOSet` or an overlay.
public protocol UTXOView {
    /// The unspent output with this ID, or nil if it never existed or was spent.
    func unspentOutput(_ id: Hash256) -> Output?

    /// The order ID of an unspent magnetic output: the ID of the output that created the
    /// order. A partial fill's remainder keeps its order's ID; nil means "its own ID".
    func orderID(ofOutput id: Hash256) -> Hash256?
}

extension UTXOView {
    /// The order ID of `id`, resolving "its own ID".
    public func resolvedOrderID(ofOutput id: Hash256) -> Hash256 { orderID(ofOutput: id) ?? id }
}

/// An in-memory UTXO set that applies validated transactions.
public struct MemoryUTXOSet: UTXOView, Sendable {
    private var outputs: [Hash256: Output] = [:]
    /// Remainder output ID → the order it continues.
    private var remainderOrders: [Hash256: Hash256] = [:]

    public init() {}

    public var count: Int { outputs.count }

    public func unspentOutput(_ id: Hash256) -> Output? { outputs[id] }

    public func orderID(ofOutput id: Hash256) -> Hash256? { remainderOrders[id] }

    /// Adds an output directly (genesis allocations, tests).
    public mutating func insert(_ output: Output, id: Hash256) { outputs[id] = output }

    /// Spends the transaction's inputs and adds its outputs; call only after validation.
    /// Returns the IDs of the new outputs, in output order.
    @discardableResult
    public mutating func apply(_ transaction: Transaction, suite: any CryptoSuite) -> [Hash256] {
        let transactionID = transaction.id(suite: suite)
        let ids = transaction.outputs.indices.map { Transaction.outputID(transactionID: transactionID, index: $0, suite: suite) }
        for input in transaction.inputs {
            if case let .fillOrder(_, remainder?) = input.witness {
                remainderOrders[ids[Int(remainder)]] = resolvedOrderID(ofOutput: input.spentOutputID)
            }
            let removed = outputs.removeValue(forKey: input.spentOutputID)
            precondition(removed != nil, "apply() of an unvalidated transaction")
            remainderOrders[input.spentOutputID] = nil
        }
        for (id, output) in zip(ids, transaction.outputs) { outputs[id] = output }
        return ids
    }

    /// The total of each asset held in the set, sorted by asset for deterministic reports.
    public func totals() throws(PrimitivesError) -> [(asset: AssetID, amount: Amount)] {
        var sums: [AssetID: Amount] = [:]
        for output in outputs.values { sums[output.asset] = try (sums[output.asset] ?? .zero).adding(output.amount) }
        return sums.sorted { $0.key < $1.key }.map { (asset: $0.key, amount: $0.value) }
    }
}
