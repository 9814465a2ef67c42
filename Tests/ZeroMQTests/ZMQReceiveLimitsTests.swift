import Testing
import ZeroMQ

@Suite("ZMQReceiveLimits")
struct ZMQReceiveLimitsTests {
    @Test("limits inside the global bounds are kept as given")
    func keepsValidLimits() throws {
        let limits = try ZMQReceiveLimits(maxFrames: 3, maxTotalBytes: 0)
        #expect(limits.maxFrames == 3)
        #expect(limits.maxTotalBytes == 0)
        _ = try ZMQReceiveLimits(maxFrames: ZMQLimits.maxFramesPerMessage, maxTotalBytes: ZMQLimits.maxMessageBytes)
    }

    @Test("frame and byte limits outside the global bounds are invalid_argument")
    func rejectsOutOfBounds() {
        expectError(.invalidArgument) { try ZMQReceiveLimits(maxFrames: 0, maxTotalBytes: 10) }
        expectError(.invalidArgument) { try ZMQReceiveLimits(maxFrames: ZMQLimits.maxFramesPerMessage + 1, maxTotalBytes: 10) }
        expectError(.invalidArgument) { try ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: -1) }
        expectError(.invalidArgument) { try ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: ZMQLimits.maxMessageBytes + 1) }
    }
}
