/// One feed message as ZeroMQ frames: `topic | body | sequence`, the sequence a uint64
/// little-endian. Each topic numbers its messages 1, 2, 3, ...: a jump means messages were
/// lost (a slow subscriber past its high-water mark), and the subscriber re-syncs from a
/// snapshot.
public struct FeedFrame: Hashable, Sendable {
    /// The topic (first frame).
    public let topic: FeedTopic
    /// The protobuf body (second frame); its type is the topic's (see `FeedBody`).
    public let body: [UInt8]
    /// The topic's message number (third frame), from 1.
    public let sequence: UInt64

    /// A frame of `body` on `topic`. Fails when the body exceeds
    /// `WireLimits.maxFeedBodyBytes` or the sequence is 0.
    public init(topic: FeedTopic, body: [UInt8], sequence: UInt64) throws(WireError) {
        guard body.count <= WireLimits.maxFeedBodyBytes else {
            throw WireError(.messageTooLarge, field: "body", "\(body.count) bytes, at most \(WireLimits.maxFeedBodyBytes)")
        }
        try WireCheck.positive(sequence, "sequence")
        self.topic = topic
        self.body = body
        self.sequence = sequence
    }

    /// Reads a received multipart message: exactly three frames, a known topic, an
    /// 8-byte sequence from 1, a body within its limit. The body is not decoded here.
    public init(frames: [[UInt8]]) throws(WireError) {
        guard frames.count == WireLimits.feedFrameCount else {
            throw WireError(.wrongFrameCount, "\(frames.count) frames, want \(WireLimits.feedFrameCount): topic, body, sequence")
        }
        let topic = try FeedTopic(bytes: frames[0])
        guard frames[2].count == WireLimits.sequenceBytes else {
            throw WireError(.badSequenceLength, field: "sequence", "\(frames[2].count) bytes, want \(WireLimits.sequenceBytes)")
        }
        try self.init(topic: topic, body: frames[1], sequence: Self.decodeSequence(frames[2]))
    }

    /// The three frames to send.
    public var frames: [[UInt8]] { [topic.bytes, body, Self.encodeSequence(sequence)] }

    /// `sequence` as 8 bytes, least significant first.
    static func encodeSequence(_ sequence: UInt64) -> [UInt8] {
        (0..<WireLimits.sequenceBytes).map { UInt8(truncatingIfNeeded: sequence >> (8 * $0)) }
    }

    /// The inverse of `encodeSequence`, for exactly 8 bytes.
    static func decodeSequence(_ bytes: [UInt8]) -> UInt64 {
        assert(bytes.count == WireLimits.sequenceBytes)
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
