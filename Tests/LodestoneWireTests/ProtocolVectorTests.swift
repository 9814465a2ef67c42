import Foundation
import LodestoneWire
import Testing

/// The wire vectors published in docs/PROTOCOL.md §8, recomputed from the code, so a client
/// in another language checks its framing and protobuf encoding against the same table.
enum WireVectors {
    static func computed() throws -> [(name: String, hex: String)] {
        func sequenceFrame(_ sequence: UInt64) throws -> String {
            WireFixtures.hex(try FeedFrame(topic: .blocks, body: [], sequence: sequence).frames[2])
        }
        let tradeFrame = try FeedBody.trade(WireFixtures.trade).frame(sequence: 42).frames
        return [
            ("wire_sequence_1", try sequenceFrame(1)),
            ("wire_sequence_256", try sequenceFrame(256)),
            ("wire_sequence_0102030405060708", try sequenceFrame(0x0102_0304_0506_0708)),
            ("wire_trade_frame_topic", WireFixtures.hex(tradeFrame[0])),
            ("wire_trade_frame_body", WireFixtures.hex(tradeFrame[1])),
            ("wire_trade_frame_sequence", WireFixtures.hex(tradeFrame[2])),
            ("wire_cancel_request", WireFixtures.hex(try WireFixtures.cancelRequest.wireBytes())),
            (
                "wire_subscription_ended",
                WireFixtures.hex(
                    try Lodestone_V1_ServerMessage.with {
                        $0.subscriptionEnded = WireFixtures.subscriptionEnded
                    }.wireBytes())
            ),
            ("wire_burns_request", WireFixtures.hex(try WireFixtures.burnsRequest.wireBytes())),
            (
                "wire_burns_response",
                WireFixtures.hex(
                    try Lodestone_V1_ServerMessage.with {
                        $0.response = WireFixtures.burnsResponse
                    }.wireBytes())
            ),
            ("wire_submit_headers_request", WireFixtures.hex(try WireFixtures.submitHeadersRequest.wireBytes())),
        ]
    }

    /// Rows `| \`name\` | \`hex\` |` of section 8 of docs/PROTOCOL.md.
    static func published() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/PROTOCOL.md"), encoding: .utf8)
        guard let section = text.range(of: "\n## 8. ") else { return [:] }
        var rows: [String: String] = [:]
        for line in text[section.upperBound...].split(separator: "\n") where line.hasPrefix("| `wire_") {
            let cells = line.split(separator: "|").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            }
            if cells.count >= 2 { rows[cells[0]] = cells[1] }
        }
        return rows
    }
}

@Suite("docs/PROTOCOL.md §8 wire vectors")
struct ProtocolVectorTests {
    @Test("every published wire vector equals what the code computes, byte for byte")
    func vectorsMatch() throws {
        let published = try WireVectors.published()
        let computed = try WireVectors.computed()
        #expect(published.count == computed.count, "section 8 publishes \(published.keys.sorted())")
        for (name, hex) in computed {
            #expect(published[name] == hex, "\(name): code computes \(hex)")
        }
    }
}
