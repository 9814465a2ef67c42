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
        case .accepted(let accepted): try accepted.validate()
        case .fill(let fill): try fill.validate()
        case .done(let done):
            try WireCheck.id(done.orderID, "order_id")
            try WireCheck.known(done.reason, "reason")
            try WireCheck.optionalID(done.transactionID, "transaction_id")
        case .cancelled(let cancelled):
            try WireCheck.id(cancelled.orderID, "order_id")
            try WireCheck.known(cancelled.reason, "reason")
            try WireCheck.optionalID(cancelled.transactionID, "transaction_id")
            try Lodestone_V1_Payout.validate(cancelled.payouts, "payouts")
        case .expired(let expired):
            try WireCheck.id(expired.orderID, "order_id")
            try WireCheck.optionalID(expired.transactionID, "transaction_id")
            try Lodestone_V1_Payout.validate(expired.payouts, "payouts")
        case .dropped(let dropped): try dropped.validate()
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
        try WireCheck.optionalID(settlementTransactionID, "settlement_transaction_id")
        try Lodestone_V1_Payout.validate(payouts, "payouts")
        if hasRemainder {
            do { try remainder.validate() } catch { throw error.within("remainder") }
        }
    }
}

extension Lodestone_V1_Payout {
    /// A 32-byte output ID and asset ID and an amount above 0 (the ledger has no empty outputs).
    func validate() throws(WireError) {
        try WireCheck.id(outputID, "output_id")
        try WireCheck.id(asset, "asset")
        try WireCheck.positive(amount, "amount")
    }

    /// At most `WireLimits.maxChangeOutputs` valid payouts.
    static func validate(_ payouts: [Self], _ field: String) throws(WireError) {
        try WireCheck.count(payouts.count, max: WireLimits.maxChangeOutputs, field)
        for (index, payout) in payouts.enumerated() {
            do { try payout.validate() } catch { throw error.within("\(field)[\(index)]") }
        }
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
