import FuzzSupport
import LodestoneWire

// A feed message as a subscriber receives it: three ZeroMQ frames (topic, body, sequence)
// parsed by FeedFrame(frames:), then the body by FeedBody(frame:). The input is split as
// [topic length][topic][sequence length][sequence][body...], so wrong frame sizes are
// reachable too.

/// The `fuzz-feed` target (picked by `FuzzDispatch`).
func fuzzFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Frame order on the wire: topic, body, sequence.
    guard let split = FuzzInput.frames(FuzzInput.bytes(data, size), count: 3) else { return 0 }
    let parts = [split[0], split[2], split[1]]
    if let topic = try? FeedTopic(bytes: parts[0]) {
        FuzzInput.require(topic.bytes == parts[0], "topic '\(topic)' is not spelled as it was read")
        FuzzInput.require((try? FeedTopic(text: topic.text)) == topic, "topic '\(topic)' does not parse from its text")
        FuzzInput.require(topic.heartbeat.watched == topic.watched, "heartbeat of '\(topic)' loses the watched topic")
    }
    guard let frame = try? FeedFrame(frames: parts) else { return 0 }
    FuzzInput.require(frame.frames == parts, "frames do not re-encode to the bytes read")
    guard let body = try? FeedBody(frame: frame) else { return 0 }
    let again: FeedFrame
    do { again = try body.frame(sequence: frame.sequence) } catch {
        FuzzInput.require(false, "an accepted body cannot be sent: \(error)")
        return 0
    }
    FuzzInput.require(again.topic == frame.topic, "re-sent body changed topic")
    FuzzInput.require((try? FeedBody(frame: again)) == body, "re-sent body decodes differently")
    return 0
}
