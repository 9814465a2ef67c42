import Chain
import Crypto
import Ledger
import LodestoneWire
import Matching
import Primitives

/// An execution report for every connection subscribed to `key`, as plain values: the block
/// thread only records what happened, and the gateway thread builds the wire message (`wire`)
/// and stamps each copy with that connection's next sequence number.
struct KeyedReport: Sendable {
    let key: PublicKey
    let clientOrderID: String
    let event: ReportEvent

    /// The wire report, without its sequence number.
    var wire: Lodestone_V1_ExecutionReport {
        var report = Lodestone_V1_ExecutionReport()
        report.clientOrderID = clientOrderID
        report.kind = event.wire
        return report
    }
}

/// What one execution report tells (docs/PROTOCOL.md §8.3).
enum ReportEvent: Sendable {
    /// A transaction's orders for one seller key entered a block.
    case accepted(height: UInt64, transactionID: Hash256, orderIDs: [Hash256])
    /// One side of a trade.
    case fill(Fill)
    /// A book cancellation other than expiry, with the transaction that spent the order and
    /// the payouts it named (`Spending`).
    case cancelled(orderID: Hash256, reason: Lodestone_V1_Cancelled.Reason, size: UInt64, height: UInt64, spending: Spending)
    /// The order reached its expiry height.
    case expired(orderID: Hash256, size: UInt64, height: UInt64, spending: Spending)
    /// The order is finished; `transactionID` spent its last output (nil when unknown).
    case done(orderID: Hash256, reason: Lodestone_V1_Done.Reason, height: UInt64, transactionID: Hash256?)
    /// The pool dropped an acknowledged transaction (its ID) or cancel (its order's ID).
    case dropped(reason: Rejection, transactionID: Hash256?, orderID: Hash256?)

    /// The transaction that spent an order in a block and the outputs a report names for it.
    struct Spending: Sendable {
        /// Nil when the gateway cannot tell (the spending transaction is not in the block).
        var transactionID: Hash256?
        var payouts: [SettledOutput] = []
        var remainder: SettledOutput?
    }

    /// One side of a trade, as its Fill report tells it.
    struct Fill: Sendable {
        let orderID: Hash256
        let symbol: String
        let side: Side
        let price: UInt64
        let size: UInt64
        let fee: UInt64
        let isMaker: Bool
        let height: UInt64
        let remainingSize: UInt64
        /// The settlement; payouts and remainder only on the order's last Fill of the block
        /// when it rests on or is filled (docs/PROTOCOL.md §8.3).
        let spending: Spending
    }

    var wire: Lodestone_V1_ExecutionReport.OneOf_Kind {
        switch self {
        case .accepted(let height, let transactionID, let orderIDs):
            var accepted = Lodestone_V1_Accepted()
            accepted.height = height
            accepted.transactionID = transactionID.data
            accepted.orderIds = orderIDs.prefix(WireLimits.maxOrdersPerTransaction).map(\.data)
            return .accepted(accepted)
        case .fill(let event):
            var fill = Lodestone_V1_Fill()
            fill.orderID = event.orderID.data
            fill.market = event.symbol
            fill.side = event.side == .buy ? .buy : .sell
            fill.price = event.price
            fill.size = event.size
            fill.fee = event.fee
            fill.isMaker = event.isMaker
            fill.height = event.height
            fill.remainingSize = event.remainingSize
            if let id = event.spending.transactionID { fill.settlementTransactionID = id.data }
            fill.payouts = event.spending.payouts.map(Lodestone_V1_Payout.init)
            if let remainder = event.spending.remainder { fill.remainder = Lodestone_V1_Payout(remainder) }
            return .fill(fill)
        case .cancelled(let orderID, let reason, let size, let height, let spending):
            var cancelled = Lodestone_V1_Cancelled()
            cancelled.orderID = orderID.data
            cancelled.reason = reason
            cancelled.size = size
            cancelled.height = height
            if let id = spending.transactionID { cancelled.transactionID = id.data }
            cancelled.payouts = spending.payouts.map(Lodestone_V1_Payout.init)
            return .cancelled(cancelled)
        case .expired(let orderID, let size, let height, let spending):
            var expired = Lodestone_V1_Expired()
            expired.orderID = orderID.data
            expired.size = size
            expired.height = height
            if let id = spending.transactionID { expired.transactionID = id.data }
            expired.payouts = spending.payouts.map(Lodestone_V1_Payout.init)
            return .expired(expired)
        case .done(let orderID, let reason, let height, let transactionID):
            var done = Lodestone_V1_Done()
            done.orderID = orderID.data
            done.reason = reason
            done.height = height
            if let transactionID { done.transactionID = transactionID.data }
            return .done(done)
        case .dropped(let reason, let transactionID, let orderID):
            var dropped = Lodestone_V1_Dropped()
            dropped.reason = reason.wire
            if let transactionID { dropped.transactionID = transactionID.data }
            if let orderID { dropped.orderID = orderID.data }
            return .dropped(dropped)
        }
    }
}

extension Lodestone_V1_Payout {
    /// A settlement's output as a report names it.
    init(_ settled: SettledOutput) {
        self.init(id: settled.id, index: settled.index, output: settled.output)
    }

    /// Output `index` of a transaction, whose ledger ID is `id`.
    init(id: Hash256, index: Int, output: Output) {
        self.init()
        outputID = id.data
        self.index = UInt32(index)
        asset = output.asset.hash.data
        amount = output.amount.units
    }
}

extension ControlProgram {
    /// True for an order's program (a magnetic order contract).
    var isMagneticOrder: Bool {
        if case .magneticOrder = self { true } else { false }
    }
}

extension CheckedTransaction {
    /// Indices of the outputs that place orders, ascending.
    var orderOutputIndices: [Int] {
        transaction.outputs.indices.filter { transaction.outputs[$0].program.isMagneticOrder }
    }
}
