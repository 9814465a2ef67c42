import Foundation
import LodestoneWire
import Testing

@Suite("Payouts in reports and acks, causes in rejects, the peeked client_order_id")
struct PayoutWireTests {
    static let payout = Lodestone_V1_Payout.with {
        $0.outputID = WireFixtures.id(0x51)
        $0.index = 2
        $0.asset = WireFixtures.id(0xA5)
        $0.amount = 299_700_000
    }

    private func report(_ kind: Lodestone_V1_ExecutionReport.OneOf_Kind) -> Lodestone_V1_ServerMessage {
        .with { $0.report = WireFixtures.report(1, kind) }
    }

    private func response(_ result: Lodestone_V1_Response.OneOf_Result) -> Lodestone_V1_ServerMessage {
        .with { $0.response = WireFixtures.response("place-1", result) }
    }

    private func fill(_ change: (inout Lodestone_V1_Fill) -> Void) -> Lodestone_V1_ServerMessage {
        var fill = WireFixtures.fill
        fill.settlementTransactionID = WireFixtures.id(0x5E)
        fill.payouts = [Self.payout]
        fill.remainder = Self.payout
        change(&fill)
        return report(.fill(fill))
    }

    @Test(
        "a fill's settlement, payouts and remainder, a cancel's and an expiry's, a done's transaction and an ack's change survive the wire")
    func roundTrips() throws {
        let messages: [Lodestone_V1_ServerMessage] = [
            fill { _ in },
            report(
                .cancelled(
                    .with {
                        $0.orderID = WireFixtures.id(1)
                        $0.reason = .user
                        $0.transactionID = WireFixtures.id(0x5E)
                        $0.payouts = [Self.payout]
                    })),
            report(
                .expired(
                    .with {
                        $0.orderID = WireFixtures.id(1)
                        $0.transactionID = WireFixtures.id(0x5E)
                        $0.payouts = [Self.payout]
                    })),
            report(
                .done(
                    .with {
                        $0.orderID = WireFixtures.id(1)
                        $0.reason = .filled
                        $0.transactionID = WireFixtures.id(0x5E)
                    })),
            response(
                .ack(
                    .with {
                        $0.transactionID = WireFixtures.id(0x7A)
                        $0.change = [Self.payout]
                    })),
            response(
                .reject(
                    .with {
                        $0.code = 8001
                        $0.name = "ledger_rejected"
                        $0.causeCode = 3010
                        $0.causeName = "missing_input"
                    })),
        ]
        for message in messages { #expect(try roundTrip(message) == message) }
    }

    @Test("a payout needs a 32-byte output ID and asset and an amount above 0, wherever it appears")
    func payoutShape() throws {
        try expectRefused(fill { $0.payouts[0].outputID = Data(count: 31) }, .invalidLength, field: "report.fill.payouts[0].output_id")
        try expectRefused(fill { $0.payouts[0].asset = Data() }, .invalidLength, field: "report.fill.payouts[0].asset")
        try expectRefused(fill { $0.remainder.amount = 0 }, .invalidValue, field: "report.fill.remainder.amount")
        try expectRefused(
            fill { $0.settlementTransactionID = Data(count: 5) }, .invalidLength, field: "report.fill.settlement_transaction_id")
        try expectRefused(
            report(
                .cancelled(
                    .with {
                        $0.orderID = WireFixtures.id(1)
                        $0.reason = .user
                        $0.payouts = [.init()]
                    })), .invalidLength, field: "report.cancelled.payouts[0].output_id")
        try expectRefused(
            report(
                .done(
                    .with {
                        $0.orderID = WireFixtures.id(1)
                        $0.reason = .filled
                        $0.transactionID = Data(count: 1)
                    })), .invalidLength, field: "report.done.transaction_id")
        var empty = Self.payout
        empty.amount = 0
        try expectRefused(response(.ack(.with { $0.change = [empty] })), .invalidValue, field: "response.ack.change[0].amount")
    }

    @Test("at most 32 payouts in an ack's change or a report's payouts")
    func payoutCount() throws {
        let many = Array(repeating: Self.payout, count: WireLimits.maxChangeOutputs + 1)
        try expectRefused(response(.ack(.with { $0.change = many })), .tooManyItems, field: "response.ack.change")
        try expectRefused(fill { $0.payouts = many }, .tooManyItems, field: "report.fill.payouts")
        #expect(try roundTrip(response(.ack(.with { $0.change = Array(many.dropLast()) }))).response.ack.change.count == 32)
    }

    @Test("a reject's cause is a code and a name together, or neither")
    func causeShape() throws {
        var reject = WireFixtures.reject
        reject.causeCode = 3010
        try expectRefused(response(.reject(reject)), .invalidValue, field: "response.reject.cause_code")
        reject.causeCode = 70_000
        reject.causeName = "x"
        try expectRefused(response(.reject(reject)), .invalidValue, field: "response.reject.cause_code")
        reject.causeCode = 3010
        reject.causeName = String(repeating: "n", count: 65)
        try expectRefused(response(.reject(reject)), .invalidLength, field: "response.reject.cause_name")
    }

    @Test("the client_order_id is peeked from a request's bytes when field 1 is readable and valid, else nil")
    func peek() throws {
        let place = try WireFixtures.place.wireBytes()
        #expect(Lodestone_V1_Request.peekClientOrderID(place) == "place-1")
        // Field 1 after another field, and a body cut short after the ID.
        let body: [UInt8] = [0x12, 0x02, 0x0A, 0x00]
        #expect(Lodestone_V1_Request.peekClientOrderID(body + [0x0A, 0x02] + Array("ab".utf8)) == "ab")
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0A, 0x03] + Array("x-1".utf8) + [0x12, 0x40]) == "x-1")
        // Unreadable or invalid: no ID.
        #expect(Lodestone_V1_Request.peekClientOrderID([]) == nil)
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0A, 0x05, 0x61]) == nil, "length past the end")
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0A, 0x02, 0x20, 0x61]) == nil, "a space is not allowed")
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0A, 0x00]) == nil, "empty")
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0A, 65] + [UInt8](repeating: 0x61, count: 65)) == nil, "over 64 bytes")
        #expect(Lodestone_V1_Request.peekClientOrderID([0x0B]) == nil, "wire type 3 is not proto3")
        // Past the field budget: nil, however long the message.
        let padding = Array(repeating: [UInt8]([0x18, 0x01]), count: 16).flatMap { $0 }
        #expect(Lodestone_V1_Request.peekClientOrderID(padding + [0x0A, 0x01, 0x61]) == nil)
        #expect(Lodestone_V1_Request.peekClientOrderID(Array(padding.dropLast(2)) + [0x0A, 0x01, 0x61]) == "a")
    }
}
