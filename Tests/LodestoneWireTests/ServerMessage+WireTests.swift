import Foundation
import LodestoneWire
import Testing

@Suite("ServerMessage validation: responses the gateway may send")
struct ServerMessageWireTests {
    private func message(_ response: Lodestone_V1_Response) -> Lodestone_V1_ServerMessage {
        .with { $0.response = response }
    }

    private func message(_ result: Lodestone_V1_Response.OneOf_Result) -> Lodestone_V1_ServerMessage {
        message(WireFixtures.response("r-1", result))
    }

    @Test("a server message with neither response nor report is missing_field")
    func missingKind() throws {
        try expectRefused(Lodestone_V1_ServerMessage(), .missingField, field: "kind")
        try expectRefused(message(Lodestone_V1_Response()), .missingField, field: "response.result")
    }

    @Test("an empty client_order_id is allowed in a response (unreadable request) but an invalid one is not")
    func responseClientOrderID() throws {
        try message(WireFixtures.response("", .reject(WireFixtures.reject))).validate()
        try expectRefused(message(WireFixtures.response("a b", .reject(WireFixtures.reject))), .invalidClientOrderID, field: "response.client_order_id")
    }

    @Test("ack: an optional 32-byte transaction ID and at most 64 order IDs of 32 bytes")
    func ackShape() throws {
        try expectRefused(message(.ack(.with { $0.transactionID = Data(count: 31) })), .invalidLength, field: "response.ack.transaction_id")
        let tooMany = (0...WireLimits.maxOrdersPerTransaction).map { WireFixtures.id(UInt8($0)) }
        try expectRefused(message(.ack(.with { $0.orderIds = tooMany })), .tooManyItems, field: "response.ack.order_ids")
        try expectRefused(message(.ack(.with { $0.orderIds = [WireFixtures.id(1), Data(count: 2)] })), .invalidLength, field: "response.ack.order_ids[1]")
    }

    @Test("reject: code 1...65535, name 1...64 bytes, text up to 1024 bytes")
    func rejectShape() throws {
        var reject = WireFixtures.reject
        reject.code = 0
        try expectRefused(message(.reject(reject)), .invalidValue, field: "response.reject.code")
        reject.code = 65_536
        try expectRefused(message(.reject(reject)), .invalidValue, field: "response.reject.code")
        reject = WireFixtures.reject
        reject.name = ""
        try expectRefused(message(.reject(reject)), .invalidLength, field: "response.reject.name")
        reject = WireFixtures.reject
        reject.text = String(repeating: "t", count: WireLimits.maxRejectTextBytes + 1)
        try expectRefused(message(.reject(reject)), .invalidLength, field: "response.reject.text")
    }

    @Test("a batch result holds 1 to 1024 responses and never another batch result")
    func batchResultShape() throws {
        let reject = WireFixtures.response("c", .reject(WireFixtures.reject))
        let full = Array(repeating: reject, count: WireLimits.maxMassCancels)
        try message(.batch(.with { $0.responses = full })).validate()
        try expectRefused(message(.batch(.with { $0.responses = full + [reject] })), .tooManyItems, field: "response.batch.responses")
        try expectRefused(message(.batch(Lodestone_V1_BatchResult())), .missingField, field: "response.batch.responses")
        let nested = WireFixtures.response("n", .batch(.with { $0.responses = [reject] }))
        try expectRefused(message(.batch(.with { $0.responses = [reject, nested] })), .nestedBatch, field: "response.batch.responses[1].batch")
    }

    @Test("status: a defined state; market and side valid when set")
    func statusShape() throws {
        try expectRefused(message(.status(Lodestone_V1_Status())), .invalidEnum, field: "response.status.state")
        try expectRefused(message(.status(.with { $0.state = .UNRECOGNIZED(42) })), .invalidEnum, field: "response.status.state")
        try expectRefused(message(.status(.with {
            $0.state = .resting
            $0.market = "btc-usdt"
        })), .invalidMarket, field: "response.status.market")
        try expectRefused(message(.status(.with {
            $0.state = .resting
            $0.side = .UNRECOGNIZED(3)
        })), .invalidEnum, field: "response.status.side")
    }

    @Test("a challenge nonce is exactly 32 bytes")
    func challengeShape() throws {
        try expectRefused(message(.challenge(.with { $0.nonce = Data(count: 16) })), .invalidLength, field: "response.challenge.nonce")
    }

    @Test("subscription_ended: a 1...65-byte public key and a valid reason; last_sequence 0 (no report yet) is valid")
    func subscriptionEndedShape() throws {
        func ended(_ change: (inout Lodestone_V1_SubscriptionEnded) -> Void) -> Lodestone_V1_ServerMessage {
            var ended = WireFixtures.subscriptionEnded
            change(&ended)
            return .with { $0.subscriptionEnded = ended }
        }
        let decoded = try roundTrip(ended { $0.lastSequence = 0 })
        #expect(decoded.subscriptionEnded.lastSequence == 0 && decoded.subscriptionEnded.reason.name == "cut_off")
        try expectRefused(ended { $0.publicKey = Data() }, .invalidLength, field: "subscription_ended.public_key")
        try expectRefused(ended { $0.publicKey = Data(count: WireLimits.maxPublicKeyBytes + 1) }, .invalidLength, field: "subscription_ended.public_key")
        try expectRefused(ended { $0.clearReason() }, .missingField, field: "subscription_ended.reason")
        try expectRefused(ended { $0.reason.code = 0 }, .invalidValue, field: "subscription_ended.reason.code")
        try expectRefused(ended { $0.reason.name = "" }, .invalidLength, field: "subscription_ended.reason.name")
    }

    @Test("a message over 2 MiB is refused before parsing")
    func sizeLimit() {
        expectWireError(.messageTooLarge) {
            _ = try Lodestone_V1_ServerMessage(wireBytes: [UInt8](repeating: 0, count: WireLimits.maxServerMessageBytes + 1))
        }
    }
}
