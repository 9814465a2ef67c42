/// The most a receive will accept. A message past either limit is read off the socket and
/// dropped, and the receive fails with `too_many_frames` or `message_too_large`, so a hostile
/// peer costs bounded memory and the socket stays in step for the next message.
public struct ZMQReceiveLimits: Sendable, Hashable {
    /// Most frames per message (1 ... `ZMQLimits.maxFramesPerMessage`).
    public let maxFrames: Int
    /// Most bytes per message, all frames together (0 ... `ZMQLimits.maxMessageBytes`).
    public let maxTotalBytes: Int

    /// Limits of `maxFrames` frames and `maxTotalBytes` bytes per message.
    public init(maxFrames: Int, maxTotalBytes: Int) throws(ZMQError) {
        guard (1...ZMQLimits.maxFramesPerMessage).contains(maxFrames) else {
            throw ZMQError(.invalidArgument, "maxFrames must be 1...\(ZMQLimits.maxFramesPerMessage), got \(maxFrames)")
        }
        guard (0...ZMQLimits.maxMessageBytes).contains(maxTotalBytes) else {
            throw ZMQError(.invalidArgument, "maxTotalBytes must be 0...\(ZMQLimits.maxMessageBytes), got \(maxTotalBytes)")
        }
        self.maxFrames = maxFrames
        self.maxTotalBytes = maxTotalBytes
    }
}
