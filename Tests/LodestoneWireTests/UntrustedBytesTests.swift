import LodestoneWire
import PropertyBased
import SwiftProtobuf
import Testing
import TestSupport

/// Every decoder a peer's bytes reach, fed random and corrupted input: each either yields a
/// message that passes its own validation and re-encodes, or a typed `WireError` with a
/// 71xx code, and never crashes.
@Suite("Untrusted bytes: every decoder, seeded random and corrupted input")
struct UntrustedBytesTests {
    /// A decoder of one frame's bytes, named for failure messages.
    typealias Decoder = (name: String, decode: @Sendable ([UInt8]) throws -> Void)

    private static func decoder<Message: WireMessage>(_ type: Message.Type) -> Decoder {
        (Message.protoMessageName, { bytes in
            let message = try Message(wireBytes: bytes)
            // Whatever decodes must be sendable as is.
            _ = try message.wireBytes()
        })
    }

    private static let sequenceOne: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0]

    private static let messageDecoders: [Decoder] = [
        decoder(Lodestone_V1_Request.self),
        decoder(Lodestone_V1_ServerMessage.self),
        decoder(Lodestone_V1_L2Update.self),
        decoder(Lodestone_V1_L3Update.self),
        decoder(Lodestone_V1_Trade.self),
        decoder(Lodestone_V1_BlockSummary.self),
        decoder(Lodestone_V1_Heartbeat.self),
        decoder(Lodestone_V1_SnapshotRequest.self),
        decoder(Lodestone_V1_SnapshotResponse.self),
    ]

    private static let bodyTopics = ["l2.BTC-USDT", "l3.BTC-USDT", "trades.BTC-USDT", "blocks", "heartbeat.blocks"].map { Array($0.utf8) }

    private static let frameDecoders: [Decoder] = [
        ("FeedTopic", { _ = try FeedTopic(bytes: $0) }),
        // The first byte picks a topic, the rest is a body on it.
        ("FeedBody", { bytes in
            let topic = bodyTopics[Int(bytes.first ?? 0) % bodyTopics.count]
            _ = try FeedBody(frame: FeedFrame(frames: [topic, Array(bytes.dropFirst()), sequenceOne]))
        }),
        // The input cut into frames at its zero bytes.
        ("FeedFrame", { _ = try FeedFrame(frames: $0.split(separator: 0, omittingEmptySubsequences: false).map(Array.init)) }),
    ]

    private static let decoders = messageDecoders + frameDecoders

    /// Runs `decoder` on `bytes`; returns the error it threw, nil if it decoded, and records
    /// an issue for an error that is not a `WireError` with a 71xx code.
    private static func outcome(of decoder: Decoder, on bytes: [UInt8], caseIndex: Int) -> WireError? {
        do {
            try decoder.decode(bytes)
            return nil
        } catch let error as WireError {
            if !(7101...7199).contains(error.code) { Issue.record("case \(caseIndex), \(decoder.name): code outside 71xx: \(error)") }
            return error
        } catch {
            Issue.record("case \(caseIndex), \(decoder.name): untyped error \(error)")
            return nil
        }
    }

    @Test("20,000 random byte strings into every decoder give a valid message or a typed error")
    func randomBytes() {
        var seen = Set<WireError.Kind>()
        seededCheck(seed: 0x71_0B_17E5, count: 20_000, Gen.uint8().array(of: 0...160)) { bytes, caseIndex in
            for decoder in Self.decoders {
                if let error = Self.outcome(of: decoder, on: bytes, caseIndex: caseIndex) { seen.insert(error.kind) }
            }
        }
        // Random input reaches past the protobuf parser into the validators.
        #expect(seen.isSuperset(of: [.malformedMessage, .missingField, .invalidMarket, .invalidClientOrderID, .unknownTopic, .wrongFrameCount]))
    }

    @Test("20,000 corrupted valid messages (bytes overwritten, cut or extended) give a valid message or a typed error")
    func corruptedMessages() throws {
        let valid = try Self.validEncodings()
        let edits = zip(Gen.int(in: 0...(valid.count - 1)), zip(Gen.int(in: 0...4_096), Gen.uint8()).array(of: 1...4), Gen.int(in: -8...8))
        var seen = Set<WireError.Kind>()
        seededCheck(seed: 0xC0_22_0F7, count: 20_000, edits) { input, caseIndex in
            let (index, overwrites, resize) = input
            let (decoder, original) = valid[index]
            var bytes = original
            for (position, byte) in overwrites where !bytes.isEmpty { bytes[position % bytes.count] = byte }
            bytes = resize < 0 ? Array(bytes.dropLast(-resize)) : bytes + Array(repeating: 0x08, count: resize)
            if let error = Self.outcome(of: decoder, on: bytes, caseIndex: caseIndex) { seen.insert(error.kind) }
        }
        #expect(seen.count >= 6, "kinds seen: \(seen)")
    }

    /// Each valid fixture's bytes with the decoder of its type.
    private static func validEncodings() throws -> [(Decoder, [UInt8])] {
        var result: [(Decoder, [UInt8])] = []
        func add<Message: WireMessage>(_ messages: [Message]) throws {
            for message in messages { result.append((decoder(Message.self), try message.wireBytes())) }
        }
        try add(WireFixtures.requests)
        try add(WireFixtures.serverMessages)
        try add([WireFixtures.l2Update])
        try add([WireFixtures.l3Update])
        try add([WireFixtures.trade])
        try add([WireFixtures.blockSummary])
        try add([WireFixtures.heartbeat])
        try add(WireFixtures.snapshotRequests)
        try add(WireFixtures.snapshotResponses)
        return result
    }
}
