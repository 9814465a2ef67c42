@testable import Gateway
import LodestoneWire
import Testing

@Suite("FeedGapCheck: gaps as `lodestone feed` reports them")
struct FeedGapCheckTests {
    private func block(_ sequence: UInt64) throws -> FeedMessage {
        var summary = Lodestone_V1_BlockSummary()
        summary.height = sequence
        summary.hash = .init(repeating: 1, count: 32)
        return FeedMessage(topic: .blocks, sequence: sequence, body: .block(summary))
    }

    private func heartbeat(_ last: UInt64, sequence: UInt64) -> FeedMessage {
        var heartbeat = Lodestone_V1_Heartbeat()
        heartbeat.topic = "blocks"
        heartbeat.lastSequence = last
        return FeedMessage(topic: FeedTopic.blocks.heartbeat, sequence: sequence, body: .heartbeat(heartbeat))
    }

    @Test("the first message only sets the start; a jump and a heartbeat past the last seen are gaps")
    func gaps() throws {
        var check = FeedGapCheck()
        #expect(check.observe(try block(7)) == nil, "joined mid-stream")
        #expect(check.observe(try block(8)) == nil)
        #expect(check.observe(try block(11)) == FeedGap(topic: .blocks, expected: 9, received: 11))
        #expect(check.observe(heartbeat(11, sequence: 1)) == nil)
        #expect(check.observe(heartbeat(12, sequence: 2)) == FeedGap(topic: .blocks, expected: 12, received: 12))
        #expect(check.observe(try block(13)) == nil, "the heartbeat moved the expectation on")
    }

    @Test("JSON lines name the topic, sequence and body, or the gap")
    func jsonLines() throws {
        let line = try block(3).jsonLine()
        #expect(line.hasPrefix("{\"topic\":\"blocks\",\"sequence\":3,\"body\":{"))
        #expect(FeedGap(topic: .blocks, expected: 2, received: 5).jsonLine == "{\"gap\":{\"topic\":\"blocks\",\"expected\":2,\"received\":5}}")
    }
}
