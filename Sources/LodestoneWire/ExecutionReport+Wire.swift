/// What happened to a subscribed key's orders after the ack: the checks a report passes
/// before the gateway sends it (and a client may repeat).
extension Lodestone_V1_ExecutionReport {
    /// A sequence from 1, a `client_order_id` (possibly empty) and exactly one valid kind.
    func validate() throws(WireError) {
        try WireCheck.positive(sequence, "sequence")
        try WireCheck.clientOrderID(clientOrderID, allowEmpty: true)
        guard let kind else { throw WireError(.missingField, field: "kind", "a report needs one of its kinds") }
        do { try kind.validate() } catch { throw error.within(kind.fieldName) }
    }
}

extension Lodestone_V1_ExecutionReport.OneOf_Kind {
    /// The proto name of the field that is set, for error paths.
    var fieldName: String {
        switch self {
        case .accepted: "accepted"
        case .fill: "fill"
        case .done: "done"
        case .cancelled: "cancelled"
        case .expired: "expired"
        case .dropped: "dropped"
        }
    }

    func validate() throws(WireError) {
        switch self {
        case let .accepted(accepted): try accepted.validate()
        case let .fill(fill): try fill.validate()
        case let .done(done):
            try WireCheck.id(done.orderID, "order_id")
            try WireCheck.known(done.reason, "reason")
        case let .cancelled(cancelled):
            try WireCheck.id(cancelled.orderID, "order_id")
            try WireCheck.known(cancelled.reason, "reason")
        case let .expired(expired): try WireCheck.id(expired.orderID, "order_id")
        case let .dropped(dropped): try dropped.validate()
        }
    }
}

extension Lodestone_V1_Accepted {
    /// A block height, a 32-byte transaction ID and at most 64 32-byte order IDs.
    func validate() throws(WireError) {
        try WireCheck.positive(height, "height")
        try WireCheck.id(transactionID, "transaction_id")
        try WireCheck.orderIDs(orderIds)
    }
}

extension Lodestone_V1_Fill {
    /// A 32-byte order ID, a valid market and side, a price and size above 0.
    func validate() throws(WireError) {
        try WireCheck.id(orderID, "order_id")
        try WireCheck.market(market)
        try WireCheck.known(side, "side")
        try WireCheck.positive(price, "price")
        try WireCheck.positive(size, "size")
    }
}

extension Lodestone_V1_Dropped {
    /// Exactly one of a 32-byte transaction ID (a dropped transaction) or a 32-byte order
    /// ID (a dropped cancel request), and a valid reason.
    func validate() throws(WireError) {
        guard transactionID.isEmpty != orderID.isEmpty else {
            throw WireError(.missingField, field: "transaction_id", "set exactly one of transaction_id and order_id")
        }
        try WireCheck.optionalID(transactionID, "transaction_id")
        try WireCheck.optionalID(orderID, "order_id")
        try WireCheck.present(hasReason, "reason")
        do { try reason.validate() } catch { throw error.within("reason") }
    }
}
