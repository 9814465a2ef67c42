import Foundation
import LodestoneWire
import Testing

@Suite("Peg requests on the wire: the burns query, its answer and header submission (docs/PROTOCOL.md §8.2, §8.3)")
struct PegWireTests {
    func burnsQuery(_ change: (inout Lodestone_V1_BurnsQuery) -> Void) -> Lodestone_V1_Request {
        var request = WireFixtures.burnsRequest
        change(&request.burns)
        return request
    }

    func headers(_ count: Int, bytes: Int = WireLimits.mainChainHeaderBytes) -> Lodestone_V1_Request {
        WireFixtures.request(
            "headers", .submitHeaders(.with { $0.headers = Array(repeating: Data(repeating: 1, count: bytes), count: count) }))
    }

    func burns(_ burns: [Lodestone_V1_Burn], height: UInt64 = 9) -> Lodestone_V1_ServerMessage {
        .with {
            $0.response = WireFixtures.response(
                "b",
                .burns(
                    .with {
                        $0.burns = burns
                        $0.height = height
                    }))
        }
    }

    func burn(height: UInt64, id byte: UInt8, _ change: (inout Lodestone_V1_Burn) -> Void = { _ in }) -> Lodestone_V1_Burn {
        var burn = WireFixtures.burn
        burn.height = height
        burn.outputID = WireFixtures.id(byte)
        change(&burn)
        return burn
    }

    @Test("a burns query takes limits 1 and 500 and no cursor or a 32-byte one; anything else is refused")
    func burnsQueryBounds() throws {
        for limit in [1, UInt32(WireLimits.burnsPageMax)] { try burnsQuery { $0.limit = limit }.validate() }
        try burnsQuery { $0.after = Data() }.validate()
        try expectRefused(burnsQuery { $0.limit = 0 }, .invalidValue, field: "burns.limit")
        try expectRefused(burnsQuery { $0.limit = UInt32(WireLimits.burnsPageMax) + 1 }, .invalidValue, field: "burns.limit")
        try expectRefused(burnsQuery { $0.after = Data(repeating: 1, count: 31) }, .invalidLength, field: "burns.after")
    }

    @Test("a submission holds 1 ... 512 headers of exactly 93 bytes")
    func submissionBounds() throws {
        #expect(try roundTrip(headers(WireLimits.submittedHeadersMax)) == headers(WireLimits.submittedHeadersMax))
        try expectRefused(headers(0), .missingField, field: "submit_headers.headers")
        try expectRefused(headers(WireLimits.submittedHeadersMax + 1), .tooManyItems, field: "submit_headers.headers")
        try expectRefused(headers(2, bytes: 92), .invalidLength, field: "submit_headers.headers[0]")
        try expectRefused(headers(1, bytes: 94), .invalidLength, field: "submit_headers.headers[0]")
    }

    @Test("a burns page is in height then output-ID order, none above its height, each burn well formed")
    func burnsAnswerRules() throws {
        let ordered = [burn(height: 2, id: 0x30), burn(height: 2, id: 0x31), burn(height: 4, id: 0x10)]
        #expect(try roundTrip(burns(ordered)) == burns(ordered))
        try burns([]).validate()
        try expectRefused(burns([ordered[1], ordered[0]]), .invalidValue, field: "response.burns.burns[1]")
        try expectRefused(burns([ordered[0], ordered[0]]), .invalidValue, field: "response.burns.burns[1]")
        try expectRefused(burns([ordered[2]], height: 3), .invalidValue, field: "response.burns.burns[0].height")
        try expectRefused(burns([burn(height: 0, id: 1)]), .invalidValue, field: "response.burns.burns[0].height")
        try expectRefused(burns([burn(height: 1, id: 1) { $0.amount = 0 }]), .invalidValue, field: "response.burns.burns[0].amount")
        try expectRefused(
            burns([burn(height: 1, id: 1) { $0.mainChainProgram = Data() }]), .invalidLength,
            field: "response.burns.burns[0].main_chain_program")
        try expectRefused(
            burns([burn(height: 1, id: 1) { $0.mainChainProgram = Data(repeating: 1, count: 129) }]), .invalidLength,
            field: "response.burns.burns[0].main_chain_program")
        try expectRefused(
            burns(
                (0...WireLimits.burnsPageMax).map { index in
                    burn(height: 1, id: 0) { $0.outputID = Data(repeating: 0, count: 30) + [UInt8(index >> 8), UInt8(index & 0xFF)] }
                }), .tooManyItems, field: "response.burns.burns")
    }
}
