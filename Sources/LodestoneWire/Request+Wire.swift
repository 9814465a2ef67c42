import Foundation

/// Client → gateway. A request is untrusted input: `validate()` is what lets the gateway
/// pass its bytes on to the mempool without further shape checks.
extension Lodestone_V1_Request: WireMessage {
    /// `WireLimits.maxRequestBytes`.
    public static var maxWireBytes: Int { WireLimits.maxRequestBytes }

    /// A `client_order_id` (1 ... 64 printable ASCII bytes) and a valid body; a batch's
    /// requests are each valid and none is itself a batch.
    public func validate() throws(WireError) {
        try validate(allowBatch: true)
    }

    func validate(allowBatch: Bool) throws(WireError) {
        try WireCheck.clientOrderID(clientOrderID, allowEmpty: false)
        guard let body else { throw WireError(.missingField, field: "body", "a request needs one of its bodies") }
        do { try body.validate(allowBatch: allowBatch) } catch { throw error.within(body.fieldName) }
    }
}

extension Lodestone_V1_Request.OneOf_Body {
    /// The proto name of the field that is set, for error paths.
    var fieldName: String {
        switch self {
        case .place: "place"
        case .cancel: "cancel"
        case .replace: "replace"
        case .batch: "batch"
        case .massCancel: "mass_cancel"
        case .subscribeReports: "subscribe_reports"
        case .status: "status"
        case .cancelAll: "cancel_all"
        case .deadManSwitch: "dead_man_switch"
        case .coins: "coins"
        case .balances: "balances"
        case .burns: "burns"
        case .submitHeaders: "submit_headers"
        }
    }

    func validate(allowBatch: Bool) throws(WireError) {
        switch self {
        case .place(let place): try Self.validateTransaction(place.transaction)
        case .cancel(let cancel): try cancel.validate()
        case .replace(let replace): try Self.validateTransaction(replace.transaction)
        case .batch(let batch):
            guard allowBatch else { throw WireError(.nestedBatch, "a batch may not contain a batch") }
            try batch.validate()
        case .massCancel(let massCancel): try massCancel.validate()
        case .subscribeReports(let subscribe): try subscribe.validate()
        case .status(let query): try query.validate()
        case .cancelAll(let request): try Self.validateSigned(request.sellerKey, request.signature)
        case .deadManSwitch(let deadMan): try Self.validateSigned(deadMan.sellerKey, deadMan.signature)
        case .coins(let query): try query.validate()
        case .balances(let query): try query.validate()
        case .burns(let query): try query.validate()
        case .submitHeaders(let submission): try submission.validate()
        }
    }

    /// A cancel-all's or dead-man switch's key (1 ... 65 bytes) and signature (1 ... 72 bytes);
    /// heights and the market are the chain's to judge.
    private static func validateSigned(_ sellerKey: Data, _ signature: Data) throws(WireError) {
        try WireCheck.length(sellerKey, in: 1...WireLimits.maxPublicKeyBytes, "seller_key")
        try WireCheck.length(signature, in: 1...WireLimits.maxSignatureBytes, "signature")
    }

    /// Canonical transaction bytes: not empty, within the ledger's size limit. Their
    /// content is the ledger's to judge.
    private static func validateTransaction(_ bytes: Data) throws(WireError) {
        try WireCheck.length(bytes, in: 1...WireLimits.maxTransactionBytes, "transaction")
    }
}

extension Lodestone_V1_Cancel {
    /// A 32-byte order ID and a signature of 1 ... 72 bytes.
    func validate() throws(WireError) {
        try WireCheck.id(orderID, "order_id")
        try WireCheck.length(signature, in: 1...WireLimits.maxSignatureBytes, "signature")
    }
}

extension Lodestone_V1_Batch {
    /// 1 ... 256 requests, each valid, none a batch.
    func validate() throws(WireError) {
        try WireCheck.nonEmptyCount(requests.count, max: WireLimits.maxBatchRequests, "requests")
        for (index, request) in requests.enumerated() {
            do { try request.validate(allowBatch: false) } catch { throw error.within("requests[\(index)]") }
        }
    }
}

extension Lodestone_V1_MassCancel {
    /// 1 ... 1024 valid cancels.
    func validate() throws(WireError) {
        try WireCheck.nonEmptyCount(cancels.count, max: WireLimits.maxMassCancels, "cancels")
        for (index, cancel) in cancels.enumerated() {
            do { try cancel.validate() } catch { throw error.within("cancels[\(index)]") }
        }
    }
}

extension Lodestone_V1_SubscribeReports {
    /// Step 1 of the subscription: asking for a challenge (no challenge, no signature).
    public var isChallengeRequest: Bool { challenge.isEmpty && signature.isEmpty }

    /// A key of 1 ... 65 bytes; then either step 1 (no challenge, no signature) or step 2
    /// (a 32-byte challenge and a signature of 1 ... 72 bytes).
    func validate() throws(WireError) {
        try WireCheck.length(publicKey, in: 1...WireLimits.maxPublicKeyBytes, "public_key")
        guard !isChallengeRequest else { return }
        try WireCheck.length(challenge, in: WireLimits.challengeBytes...WireLimits.challengeBytes, "challenge")
        try WireCheck.length(signature, in: 1...WireLimits.maxSignatureBytes, "signature")
    }
}

extension Lodestone_V1_StatusQuery {
    /// Exactly one 32-byte ID, of an order or of a transaction.
    func validate() throws(WireError) {
        switch target {
        case nil: throw WireError(.missingField, field: "target", "name an order_id or a transaction_id")
        case .orderID(let id): try WireCheck.id(id, "order_id")
        case .transactionID(let id): try WireCheck.id(id, "transaction_id")
        }
    }
}
