import Foundation
import LodestoneWire
import Testing

@Suite("ExecutionReport validation: what a subscribed client is told")
struct ExecutionReportWireTests {
    private func message(_ report: Lodestone_V1_ExecutionReport) -> Lodestone_V1_ServerMessage {
        .with { $0.report = report }
    }

    private func message(_ kind: Lodestone_V1_ExecutionReport.OneOf_Kind) -> Lodestone_V1_ServerMessage {
        message(WireFixtures.report(1, kind))
    }

    @Test("reports are numbered from 1 and carry one kind")
    func sequenceAndKind() throws {
        try expectRefused(message(WireFixtures.report(0, .fill(WireFixtures.fill))), .invalidValue, field: "report.sequence")
        var noKind = WireFixtures.report(1, .fill(WireFixtures.fill))
        noKind.kind = nil
        try expectRefused(message(noKind), .missingField, field: "report.kind")
    }

    @Test("accepted: a height from 1, a 32-byte transaction ID, at most 64 order IDs")
    func acceptedShape() throws {
        try expectRefused(message(.accepted(.with { $0.transactionID = WireFixtures.id(1) })), .invalidValue, field: "report.accepted.height")
        try expectRefused(message(.accepted(.with { $0.height = 3 })), .invalidLength, field: "report.accepted.transaction_id")
    }

    @Test("fill: 32-byte order ID, valid market and side, price and size above 0")
    func fillShape() throws {
        var fill = WireFixtures.fill
        fill.market = "BTCUSDT"
        try expectRefused(message(.fill(fill)), .invalidMarket, field: "report.fill.market")
        fill = WireFixtures.fill
        fill.side = .unspecified
        try expectRefused(message(.fill(fill)), .invalidEnum, field: "report.fill.side")
        fill = WireFixtures.fill
        fill.size = 0
        try expectRefused(message(.fill(fill)), .invalidValue, field: "report.fill.size")
        fill = WireFixtures.fill
        fill.price = 0
        try expectRefused(message(.fill(fill)), .invalidValue, field: "report.fill.price")
    }

    @Test("done and cancelled need a defined reason; expired a 32-byte order ID")
    func terminalShapes() throws {
        try expectRefused(message(.done(.with { $0.orderID = WireFixtures.id(1) })), .invalidEnum, field: "report.done.reason")
        try expectRefused(message(.cancelled(.with {
            $0.orderID = WireFixtures.id(1)
            $0.reason = .UNRECOGNIZED(77)
        })), .invalidEnum, field: "report.cancelled.reason")
        try expectRefused(message(.expired(Lodestone_V1_Expired())), .invalidLength, field: "report.expired.order_id")
    }

    @Test("dropped: exactly one of transaction ID and order ID, and a valid reason")
    func droppedShape() throws {
        try expectRefused(message(.dropped(.with { $0.reason = WireFixtures.reject })), .missingField, field: "report.dropped.transaction_id")
        try expectRefused(message(.dropped(.with {
            $0.transactionID = WireFixtures.id(1)
            $0.orderID = WireFixtures.id(2)
            $0.reason = WireFixtures.reject
        })), .missingField, field: "report.dropped.transaction_id")
        try expectRefused(message(.dropped(.with { $0.orderID = WireFixtures.id(2) })), .missingField, field: "report.dropped.reason")
        try expectRefused(message(.dropped(.with {
            $0.orderID = WireFixtures.id(2)
            $0.reason = Lodestone_V1_Reject.with { $0.code = 1 }
        })), .invalidLength, field: "report.dropped.reason.name")
    }

    @Test("an enum number this version does not know arrives as a value and is refused")
    func unknownEnumOnTheWire() throws {
        // Done{reason = 9}: field 2, varint 9, inside report field 5, inside server message field 2.
        let done: [UInt8] = [0x0A, 0x20] + [UInt8](repeating: 0x01, count: 32) + [0x10, 0x09]
        let report: [UInt8] = [0x08, 0x01, 0x2A, UInt8(done.count)] + done
        let bytes: [UInt8] = [0x12, UInt8(report.count)] + report
        expectWireError(.invalidEnum, field: "report.done.reason") { _ = try Lodestone_V1_ServerMessage(wireBytes: bytes) }
    }
}
