import Chain
import LodestoneWire
import Primitives

/// What a status query found, read on the block thread against the state it describes; the
/// gateway thread turns it into the wire answer (`wire`).
enum StatusFacts: Sendable, Equatable {
    /// Never seen, forgotten, or dropped.
    case unknown
    /// A remembered order, and whether the book still holds it.
    case order(TrackedOrder, inBook: Bool)
    /// A remembered transaction: the height of its block, 0 while only acknowledged.
    case transaction(height: UInt64)
    /// An acknowledged order whose transaction is not in a block yet.
    case pendingOrder

    /// The wire answer: a resting order from the book, a finished one or a transaction from
    /// what was remembered.
    var wire: Lodestone_V1_Status {
        var status = Lodestone_V1_Status()
        status.state = .unknown
        switch self {
        case .unknown: break
        case .order(let order, let inBook):
            // The book is the truth for a resting order; the remembered copy for the rest.
            status.state = !inBook && order.state == .resting ? .unknown : order.wireState
            status.height = order.height
            status.market = order.symbol
            status.side = order.wireSide
            status.price = order.price
            status.remainingSize = order.state == .resting ? order.remaining : 0
            status.filledSize = order.filled
        case .transaction(let height):
            status.state = height == 0 ? .pending : .committed
            status.height = height
        case .pendingOrder:
            status.state = .pending
        }
        return status
    }
}

extension ReportSink {
    /// What a status query about `target` finds, read on the block thread against `state`
    /// and what the reports remember.
    func statusFacts(of target: Lodestone_V1_StatusQuery.OneOf_Target, state: ChainState) -> StatusFacts {
        switch target {
        case .orderID(let bytes):
            guard let id = try? Hash256(bytes: bytes) else { return .unknown }
            let (order, pending) = store.withLock { store in
                // Pending while its acknowledged transaction is (dropped: forgotten, unknown).
                (store.orders[id], store.pendingOrders[id].map { store.transactions[$0] == 0 } ?? false)
            }
            guard let order else { return pending ? .pendingOrder : .unknown }
            return .order(order, inBook: state.exchange.liveOrder(id) != nil)
        case .transactionID(let bytes):
            guard let id = try? Hash256(bytes: bytes), let height = store.withLock({ $0.transactions[id] }) else { return .unknown }
            return .transaction(height: height)
        }
    }

}
