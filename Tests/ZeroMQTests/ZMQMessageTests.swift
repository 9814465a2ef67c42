import Testing
import ZeroMQ

@Suite("ZMQMessage")
struct ZMQMessageTests {
    @Test("a message has 1 to maxFramesPerMessage frames; others are invalid_argument")
    func frameCountIsChecked() throws {
        expectError(.invalidArgument) { try ZMQMessage(frames: []) }
        let tooMany = [[UInt8]](repeating: [1], count: ZMQLimits.maxFramesPerMessage + 1)
        expectError(.invalidArgument) { try ZMQMessage(frames: tooMany) }
        let most = [[UInt8]](repeating: [1], count: ZMQLimits.maxFramesPerMessage)
        #expect(try ZMQMessage(frames: most).frames.count == ZMQLimits.maxFramesPerMessage)
    }

    @Test("totalBytes adds up every frame and a single-frame message holds its frame")
    func totalBytesAndSingleFrame() throws {
        #expect(try ZMQMessage(frames: [[1, 2], [], [3, 4, 5]]).totalBytes == 5)
        #expect(ZMQMessage([9, 9]).frames == [[9, 9]])
    }
}
