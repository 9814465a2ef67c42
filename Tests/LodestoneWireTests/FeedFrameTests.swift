import LodestoneWire
import PropertyBased
import Testing
import TestSupport

@Suite("FeedFrame: topic | body | sequence (uint64 LE)")
struct FeedFrameTests {
    @Test("the sequence frame is little-endian: the vectors published in docs/PROTOCOL.md")
    func sequenceVectors() throws {
        let vectors: [(UInt64, String)] = [
            (1, "0100000000000000"),
            (256, "0001000000000000"),
            (0x0102_0304_0506_0708, "0807060504030201"),
            (UInt64.max, "ffffffffffffffff"),
        ]
        for (sequence, hex) in vectors {
            let frame = try FeedFrame(topic: .blocks, body: [], sequence: sequence)
            #expect(WireFixtures.hex(frame.frames[2]) == hex)
            #expect(try FeedFrame(frames: frame.frames).sequence == sequence)
        }
    }

    @Test("frames decode to the topic, body and sequence they were built from (seeded)")
    func roundTrip() throws {
        let bodies = Gen.uint8().array(of: 0...64)
        let sequences = Gen.uint64(in: 1...UInt64.max)
        try seededCheck(seed: 0xF4A3E, count: 1_000, zip(bodies, sequences)) { input, _ in
            let frame = try FeedFrame(topic: FeedTopic.l3("ETH-BTC"), body: input.0, sequence: input.1)
            #expect(frame.frames.count == WireLimits.feedFrameCount)
            #expect(try FeedFrame(frames: frame.frames) == frame)
        }
    }

    @Test("anything but three frames is wrong_frame_count")
    func frameCount() throws {
        let good = try FeedFrame(topic: .blocks, body: [1], sequence: 1).frames
        for frames in [[], [good[0]], Array(good.prefix(2)), good + [[0]]] {
            expectWireError(.wrongFrameCount) { _ = try FeedFrame(frames: frames) }
        }
    }

    @Test("a sequence frame of other than 8 bytes is bad_sequence_length; sequence 0 is invalid_value")
    func sequenceFrame() throws {
        let topic = Array("blocks".utf8)
        for length in [0, 7, 9, 16] {
            expectWireError(.badSequenceLength, field: "sequence") {
                _ = try FeedFrame(frames: [topic, [], [UInt8](repeating: 1, count: length)])
            }
        }
        expectWireError(.invalidValue, field: "sequence") { _ = try FeedFrame(frames: [topic, [], [UInt8](repeating: 0, count: 8)]) }
    }

    @Test("an unknown topic frame is unknown_topic; a body over 8 MiB is message_too_large")
    func topicAndBody() {
        let sequence: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0]
        expectWireError(.unknownTopic) { _ = try FeedFrame(frames: [Array("orders.BTC-USDT".utf8), [], sequence]) }
        let huge = [UInt8](repeating: 0, count: WireLimits.maxFeedBodyBytes + 1)
        expectWireError(.messageTooLarge, field: "body") { _ = try FeedFrame(frames: [Array("blocks".utf8), huge, sequence]) }
    }
}
