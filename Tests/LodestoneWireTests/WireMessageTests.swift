import Foundation
import LodestoneWire
import SwiftProtobuf
import Testing

@Suite("WireMessage: bounded, validated decoding and encoding")
struct WireMessageTests {
    @Test("every request body survives encode then decode unchanged")
    func requestsRoundTrip() throws {
        for request in WireFixtures.requests {
            #expect(try roundTrip(request) == request)
        }
    }

    @Test("every response and execution report survives encode then decode unchanged")
    func serverMessagesRoundTrip() throws {
        for message in WireFixtures.serverMessages {
            #expect(try roundTrip(message) == message)
        }
    }

    @Test("every feed body, snapshot request and snapshot response survives encode then decode unchanged")
    func marketDataRoundTrips() throws {
        #expect(try roundTrip(WireFixtures.l2Update) == WireFixtures.l2Update)
        #expect(try roundTrip(WireFixtures.l3Update) == WireFixtures.l3Update)
        #expect(try roundTrip(WireFixtures.trade) == WireFixtures.trade)
        #expect(try roundTrip(WireFixtures.blockSummary) == WireFixtures.blockSummary)
        #expect(try roundTrip(WireFixtures.heartbeat) == WireFixtures.heartbeat)
        for request in WireFixtures.snapshotRequests {
            #expect(try roundTrip(request) == request)
        }
        for response in WireFixtures.snapshotResponses {
            #expect(try roundTrip(response) == response)
        }
    }

    @Test("input over the type's limit is refused by size before any parsing, whatever it holds")
    func sizeCheckedFirst() {
        // Garbage that would be malformed_message if it were parsed.
        let oversized = [UInt8](repeating: 0xFF, count: WireLimits.maxSnapshotRequestBytes + 1)
        expectWireError(.messageTooLarge) { _ = try Lodestone_V1_SnapshotRequest(wireBytes: oversized) }
        let justUnder = [UInt8](repeating: 0xFF, count: WireLimits.maxSnapshotRequestBytes)
        expectWireError(.malformedMessage) { _ = try Lodestone_V1_SnapshotRequest(wireBytes: justUnder) }
    }

    @Test("a request over 8 MiB is refused as too large; one transaction of the ledger's 4 MiB limit fits")
    func requestSizeLimit() throws {
        let largest = WireFixtures.request("big", .place(.with { $0.transaction = Data(count: WireLimits.maxTransactionBytes) }))
        #expect(try roundTrip(largest) == largest)
        expectWireError(.messageTooLarge) {
            _ = try Lodestone_V1_Request(wireBytes: [UInt8](repeating: 0, count: WireLimits.maxRequestBytes + 1))
        }
    }

    @Test("bytes that are not protobuf are malformed_message, with the type named")
    func malformedBytes() {
        // Field 1 (client_order_id), length 5, but only 2 bytes follow.
        let error = expectWireError(.malformedMessage) { _ = try Lodestone_V1_Request(wireBytes: [0x0A, 0x05, 0x41, 0x42]) }
        #expect(error?.detail.hasPrefix("lodestone.v1.Request") == true)
    }

    @Test("messages nested deeper than the depth limit are refused by the decoder")
    func depthLimit() throws {
        var request = WireFixtures.cancelRequest
        for _ in 0..<WireLimits.maxMessageDepth {
            let inner = request
            request = WireFixtures.request("nest", .batch(.with { $0.requests = [inner] }))
        }
        let raw: [UInt8] = try request.serializedBytes()
        expectWireError(.malformedMessage) { _ = try Lodestone_V1_Request(wireBytes: raw) }
    }

    @Test("fields this version does not know are dropped, so the message reads as without them")
    func unknownFieldsDropped() throws {
        let known = try WireFixtures.cancelRequest.wireBytes()
        // Field 99, varint 1: tag (99 << 3 | 0) = 792 = 0x98 0x06.
        let decoded = try Lodestone_V1_Request(wireBytes: known + [0x98, 0x06, 0x01])
        #expect(decoded == WireFixtures.cancelRequest)
        #expect(try decoded.wireBytes() == known)
    }

    @Test("an empty message decodes to defaults and then fails validation, never passes")
    func emptyBytesInvalid() {
        expectWireError(.invalidClientOrderID) { _ = try Lodestone_V1_Request(wireBytes: []) }
        expectWireError(.missingField) { _ = try Lodestone_V1_ServerMessage(wireBytes: []) }
        expectWireError(.invalidMarket) { _ = try Lodestone_V1_L2Update(wireBytes: []) }
        expectWireError(.invalidValue) { _ = try Lodestone_V1_BlockSummary(wireBytes: []) }
    }
}
