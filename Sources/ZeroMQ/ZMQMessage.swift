/// One ZeroMQ message: 1 ... `ZMQLimits.maxFramesPerMessage` frames, delivered all or nothing.
public struct ZMQMessage: Sendable, Hashable {
    /// The frames in order; never empty.
    public let frames: [[UInt8]]

    /// A multipart message. Fails with `invalid_argument` when there are no frames or more
    /// than `ZMQLimits.maxFramesPerMessage`.
    public init(frames: [[UInt8]]) throws(ZMQError) {
        guard (1...ZMQLimits.maxFramesPerMessage).contains(frames.count) else {
            throw ZMQError(.invalidArgument, "a message has 1...\(ZMQLimits.maxFramesPerMessage) frames, got \(frames.count)")
        }
        self.frames = frames
    }

    /// A single-frame message.
    public init(_ frame: [UInt8]) {
        self.frames = [frame]
    }

    /// Frames received within limits the caller already checked.
    init(received frames: [[UInt8]]) {
        assert(!frames.isEmpty && frames.count <= ZMQLimits.maxFramesPerMessage)
        self.frames = frames
    }

    /// Bytes in all frames together.
    public var totalBytes: Int {
        frames.reduce(0) { $0 + $1.count }
    }
}
