import Chain
import LodestoneWire
import Primitives

extension ReportSink {
    /// The answer to a status query, judged on the block thread against `state`: a resting
    /// order from the book, a finished one or a transaction from what was remembered.
    func status(of target: Lodestone_V1_StatusQuery.OneOf_Target, state: ChainState) -> Lodestone_V1_Status {
        var status = Lodestone_V1_Status()
        status.state = .unknown
        switch target {
        case let .orderID(bytes):
            guard let id = try? Hash256(bytes: bytes), let order = store.withLock({ $0.orders[id] }) else { return status }
            // The book is the truth for a resting order; the remembered copy for the rest.
            status.state = state.exchange.liveOrder(id) == nil && order.state == .resting ? .unknown : order.wireState
            status.height = order.height
            status.market = order.symbol
            status.side = order.wireSide
            status.price = order.price
            status.remainingSize = order.state == .resting ? order.remaining : 0
            status.filledSize = order.filled
        case let .transactionID(bytes):
            guard let id = try? Hash256(bytes: bytes), let height = store.withLock({ $0.transactions[id] }) else { return status }
            status.state = height == 0 ? .pending : .committed
            status.height = height
        }
        return status
    }
}
