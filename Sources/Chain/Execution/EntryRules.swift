import Ledger
import Primitives

/// A new order a transaction creates: which output holds it, read as an order of its market.
typealias EntryOrder = (outputIndex: Int, terms: OrderTerms, contract: MagneticOrder)

/// The chain's rules for a user transaction beyond the ledger's: its new orders must be
/// orders of listed markets on their grids, within the fee cap, not already expired and not
/// too many; and users may not fill or return orders themselves. The block executor and
/// the mempool both call this, so what the mempool admits passes again in the next block.
struct EntryRules: Sendable {
    let exchange: Exchange
    /// The height of the block the transaction would enter.
    let height: UInt64

    /// Checks every rule; returns the transaction's new orders in output order.
    func check(_ transaction: Transaction) throws(ChainError) -> [EntryOrder] {
        let orders = try newOrders(of: transaction)
        try checkMagneticInputs(transaction)
        return orders
    }

    /// The magnetic outputs of a transaction, read as orders of their markets.
    private func newOrders(of transaction: Transaction) throws(ChainError) -> [EntryOrder] {
        var orders: [EntryOrder] = []
        for (index, output) in transaction.outputs.enumerated() {
            guard let contract = output.program.magneticOrder else { continue }
            if let expiry = contract.expiryHeight, expiry < height { throw .orderExpired(expiry: expiry, height: height) }
            orders.append((index, try exchange.terms(of: output, order: contract), contract))
        }
        guard orders.count <= BlockExecutor.maxOrdersPerTransaction else {
            throw .tooManyOrders(count: orders.count, limit: BlockExecutor.maxOrdersPerTransaction)
        }
        return orders
    }

    /// Users may cancel orders; only settlements fill or return them.
    private func checkMagneticInputs(_ transaction: Transaction) throws(ChainError) {
        for (index, input) in transaction.inputs.enumerated() {
            switch input.witness {
            case .fillOrder, .returnOrder: throw .fillOutsideSettlement(input: index)
            default: continue
            }
        }
    }
}
