/// Gateway → client on an order-entry connection: answers, execution reports, and the end of
/// a report subscription. The gateway validates before sending; a client validates what it
/// receives.
extension Lodestone_V1_ServerMessage: WireMessage {
    /// `WireLimits.maxServerMessageBytes`.
    public static var maxWireBytes: Int { WireLimits.maxServerMessageBytes }

    /// Exactly one valid response, report or subscription end.
    public func validate() throws(WireError) {
        switch kind {
        case nil:
            throw WireError(.missingField, field: "kind", "a server message is a response, a report or a subscription end")
        case .response(let response):
            do { try response.validate(allowBatch: true) } catch { throw error.within("response") }
        case .report(let report):
            do { try report.validate() } catch { throw error.within("report") }
        case .subscriptionEnded(let ended):
            do { try ended.validate() } catch { throw error.within("subscription_ended") }
        }
    }
}

extension Lodestone_V1_SubscriptionEnded {
    /// A public key of 1 ... 65 bytes and a valid reason; `last_sequence` is any number (0:
    /// no report was sent on the connection).
    func validate() throws(WireError) {
        try WireCheck.length(publicKey, in: 1...WireLimits.maxPublicKeyBytes, "public_key")
        guard hasReason else { throw WireError(.missingField, field: "reason", "a subscription end says why") }
        do { try reason.validate() } catch { throw error.within("reason") }
    }
}

extension Lodestone_V1_Response {
    /// A `client_order_id` (empty when the request could not be read) and one valid
    /// result; a batch result's responses are each valid and none is a batch result.
    func validate(allowBatch: Bool) throws(WireError) {
        try WireCheck.clientOrderID(clientOrderID, allowEmpty: true)
        guard let result else { throw WireError(.missingField, field: "result", "a response needs one of its results") }
        do { try result.validate(allowBatch: allowBatch) } catch { throw error.within(result.fieldName) }
    }
}

extension Lodestone_V1_Response.OneOf_Result {
    /// The proto name of the field that is set, for error paths.
    var fieldName: String {
        switch self {
        case .ack: "ack"
        case .reject: "reject"
        case .batch: "batch"
        case .status: "status"
        case .challenge: "challenge"
        case .coins: "coins"
        case .balances: "balances"
        case .burns: "burns"
        }
    }

    func validate(allowBatch: Bool) throws(WireError) {
        switch self {
        case .ack(let ack): try ack.validate()
        case .reject(let reject): try reject.validate()
        case .batch(let batch):
            guard allowBatch else { throw WireError(.nestedBatch, "a batch result may not contain a batch result") }
            try batch.validate()
        case .status(let status): try status.validate()
        case .challenge(let challenge):
            try WireCheck.length(challenge.nonce, in: WireLimits.challengeBytes...WireLimits.challengeBytes, "nonce")
        case .coins(let coins): try coins.validate()
        case .balances(let balances): try balances.validate()
        case .burns(let burns): try burns.validate()
        }
    }
}

extension Lodestone_V1_Ack {
    /// A 32-byte transaction ID or none, at most 64 32-byte order IDs and at most 32 valid
    /// change outputs.
    func validate() throws(WireError) {
        try WireCheck.optionalID(transactionID, "transaction_id")
        try WireCheck.orderIDs(orderIds)
        try Lodestone_V1_Payout.validate(change, "change")
    }
}

extension Lodestone_V1_BatchResult {
    /// 1 ... 1024 responses (a batch's or a mass cancel's), none a batch result.
    func validate() throws(WireError) {
        let maxResponses = max(WireLimits.maxBatchRequests, WireLimits.maxMassCancels)
        try WireCheck.nonEmptyCount(responses.count, max: maxResponses, "responses")
        for (index, response) in responses.enumerated() {
            do { try response.validate(allowBatch: false) } catch { throw error.within("responses[\(index)]") }
        }
    }
}

extension Lodestone_V1_Status {
    /// A defined state; the order fields, when set, are a valid market and side.
    func validate() throws(WireError) {
        try WireCheck.known(state, "state")
        if !market.isEmpty { try WireCheck.market(market) }
        try WireCheck.knownOrUnset(side, "side")
    }
}

extension Lodestone_V1_Reject {
    /// A code in 1 ... 65535 (every Lodestone code is a `UInt16`), a name of 1 ... 64
    /// bytes, a text of at most 1024 bytes.
    func validate() throws(WireError) {
        guard (1...UInt32(UInt16.max)).contains(code) else {
            throw WireError(.invalidValue, field: "code", "\(code) is outside 1...65535")
        }
        guard (1...WireLimits.maxRejectNameBytes).contains(name.utf8.count) else {
            throw WireError(.invalidLength, field: "name", "\(name.utf8.count) bytes, want 1...\(WireLimits.maxRejectNameBytes)")
        }
        guard text.utf8.count <= WireLimits.maxRejectTextBytes else {
            throw WireError(.invalidLength, field: "text", "\(text.utf8.count) bytes, at most \(WireLimits.maxRejectTextBytes)")
        }
        // A cause is both a code and a name, or neither.
        guard causeCode <= UInt32(UInt16.max), (causeCode == 0) == causeName.isEmpty else {
            throw WireError(
                .invalidValue, field: "cause_code", "cause \(causeCode) \"\(causeName)\": both 1...65535 and a name, or neither")
        }
        guard causeName.utf8.count <= WireLimits.maxRejectNameBytes else {
            throw WireError(.invalidLength, field: "cause_name", "\(causeName.utf8.count) bytes, at most \(WireLimits.maxRejectNameBytes)")
        }
    }
}
