import Crypto
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
    /// A book cancellation other than expiry.
    case cancelled(orderID: Hash256, reason: Lodestone_V1_Cancelled.Reason, size: UInt64, height: UInt64)
    /// The order reached its expiry height.
    case expired(orderID: Hash256, size: UInt64, height: UInt64)
    /// The order is finished.
    case done(orderID: Hash256, reason: Lodestone_V1_Done.Reason, height: UInt64)
    /// The pool dropped an acknowledged transaction (its ID) or cancel (its order's ID).
    case dropped(reason: Rejection, transactionID: Hash256?, orderID: Hash256?)

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
            return .fill(fill)
        case .cancelled(let orderID, let reason, let size, let height):
            var cancelled = Lodestone_V1_Cancelled()
            cancelled.orderID = orderID.data
            cancelled.reason = reason
            cancelled.size = size
            cancelled.height = height
            return .cancelled(cancelled)
        case .expired(let orderID, let size, let height):
            var expired = Lodestone_V1_Expired()
            expired.orderID = orderID.data
            expired.size = size
            expired.height = height
            return .expired(expired)
        case .done(let orderID, let reason, let height):
            var done = Lodestone_V1_Done()
            done.orderID = orderID.data
            done.reason = reason
            done.height = height
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
