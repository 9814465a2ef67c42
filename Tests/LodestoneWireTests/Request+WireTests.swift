import Foundation
import LodestoneWire
import Testing

@Suite("Request validation: what the gateway accepts from a client")
struct RequestWireTests {
    private func batch(of count: Int) -> Lodestone_V1_Request {
        let inner = (0..<count).map { WireFixtures.request("c-\($0)", .cancel(WireFixtures.cancel(UInt8(truncatingIfNeeded: $0)))) }
        return WireFixtures.request("batch", .batch(.with { $0.requests = inner }))
    }

    private func massCancel(of count: Int) -> Lodestone_V1_Request {
        let cancels = (0..<count).map { WireFixtures.cancel(UInt8(truncatingIfNeeded: $0)) }
        return WireFixtures.request("mass", .massCancel(.with { $0.cancels = cancels }))
    }

    private func withID(_ clientOrderID: String) -> Lodestone_V1_Request {
        var request = WireFixtures.place
        request.clientOrderID = clientOrderID
        return request
    }

    @Test("a batch of 256 requests is accepted and one of 257 is too_many_items")
    func batchLimit() throws {
        #expect(try roundTrip(batch(of: WireLimits.maxBatchRequests)) == batch(of: WireLimits.maxBatchRequests))
        try expectRefused(batch(of: WireLimits.maxBatchRequests + 1), .tooManyItems, field: "batch.requests")
        try expectRefused(batch(of: 0), .missingField, field: "batch.requests")
    }

    @Test("a batch inside a batch is nested_batch, named by its position")
    func nestedBatch() throws {
        let outer = WireFixtures.request("outer", .batch(.with { $0.requests = [WireFixtures.place, batch(of: 1)] }))
        try expectRefused(outer, .nestedBatch, field: "batch.requests[1].batch")
    }

    @Test("a mass cancel of 1024 cancels is accepted and one of 1025 is too_many_items")
    func massCancelLimit() throws {
        try massCancel(of: WireLimits.maxMassCancels).validate()
        try expectRefused(massCancel(of: WireLimits.maxMassCancels + 1), .tooManyItems, field: "mass_cancel.cancels")
        try expectRefused(massCancel(of: 0), .missingField, field: "mass_cancel.cancels")
    }

    @Test("client_order_id: 1 to 64 printable ASCII bytes; longer, empty, spaces or non-ASCII are refused")
    func clientOrderIDLimits() throws {
        try withID(String(repeating: "x", count: WireLimits.maxClientOrderIDBytes)).validate()
        try withID("!~").validate()
        try expectRefused(withID(String(repeating: "x", count: WireLimits.maxClientOrderIDBytes + 1)), .invalidClientOrderID, field: "client_order_id")
        try expectRefused(withID(""), .invalidClientOrderID, field: "client_order_id")
        try expectRefused(withID("a b"), .invalidClientOrderID)
        try expectRefused(withID("ordre-é"), .invalidClientOrderID)
        try expectRefused(withID("tab\t"), .invalidClientOrderID)
    }

    @Test("a batched request's client_order_id is checked too, and the error says which one")
    func batchedClientOrderID() throws {
        var request = batch(of: 3)
        request.batch.requests[2].clientOrderID = ""
        try expectRefused(request, .invalidClientOrderID, field: "batch.requests[2].client_order_id")
    }

    @Test("a request without a body is missing_field")
    func missingBody() throws {
        try expectRefused(Lodestone_V1_Request.with { $0.clientOrderID = "x" }, .missingField, field: "body")
    }

    @Test("cancel: the order ID must be 32 bytes and the signature 1 to 72 bytes")
    func cancelShape() throws {
        var cancel = WireFixtures.cancelRequest
        cancel.cancel.orderID = Data(count: 31)
        try expectRefused(cancel, .invalidLength, field: "cancel.order_id")
        cancel = WireFixtures.cancelRequest
        cancel.cancel.signature = Data()
        try expectRefused(cancel, .invalidLength, field: "cancel.signature")
        cancel.cancel.signature = Data(count: WireLimits.maxSignatureBytes + 1)
        try expectRefused(cancel, .invalidLength, field: "cancel.signature")
        cancel.cancel.signature = Data(count: WireLimits.maxSignatureBytes)
        try cancel.validate()
    }

    @Test("a mass cancel names the cancel at fault")
    func massCancelPath() throws {
        var request = massCancel(of: 5)
        request.massCancel.cancels[3].orderID = Data(count: 33)
        try expectRefused(request, .invalidLength, field: "mass_cancel.cancels[3].order_id")
    }

    @Test("place and replace carry 1 byte to 4 MiB of transaction")
    func transactionLength() throws {
        try expectRefused(WireFixtures.request("p", .place(.with { $0.transaction = Data() })), .invalidLength, field: "place.transaction")
        let tooLarge = Data(count: WireLimits.maxTransactionBytes + 1)
        try expectRefused(WireFixtures.request("r", .replace(.with { $0.transaction = tooLarge })), .invalidLength, field: "replace.transaction")
    }

    @Test("subscribe_reports: step 1 is a key alone, step 2 adds a 32-byte challenge and a signature; halves are refused")
    func subscribeSteps() throws {
        let steps = WireFixtures.requests.filter { $0.subscribeReports.publicKey == WireFixtures.publicKey }
        #expect(steps.map(\.subscribeReports.isChallengeRequest) == [true, false])
        var onlyChallenge = steps[1]
        onlyChallenge.subscribeReports.signature = Data()
        try expectRefused(onlyChallenge, .invalidLength, field: "subscribe_reports.signature")
        var onlySignature = steps[1]
        onlySignature.subscribeReports.challenge = Data()
        try expectRefused(onlySignature, .invalidLength, field: "subscribe_reports.challenge")
        var noKey = steps[0]
        noKey.subscribeReports.publicKey = Data()
        try expectRefused(noKey, .invalidLength, field: "subscribe_reports.public_key")
        var longKey = steps[0]
        longKey.subscribeReports.publicKey = Data(count: WireLimits.maxPublicKeyBytes + 1)
        try expectRefused(longKey, .invalidLength, field: "subscribe_reports.public_key")
    }

    @Test("status: names exactly one 32-byte order or transaction ID")
    func statusTarget() throws {
        try expectRefused(WireFixtures.request("s", .status(Lodestone_V1_StatusQuery())), .missingField, field: "status.target")
        try expectRefused(WireFixtures.request("s", .status(.with { $0.transactionID = Data(count: 8) })), .invalidLength, field: "status.transaction_id")
    }
}
