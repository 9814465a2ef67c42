import FuzzSupport
import Node

// The node's raw intake (docs/OPERATIONS.md): a request's frames as the node reads them
// from any client, and a reply's frames as `lodestone` reads them from the node. The first
// byte picks request or reply and the frame count (0...3, to reach the count checks); the
// rest is split into frames by FuzzInput.frames.

/// The `fuzz-intake` target (picked by `FuzzDispatch`).
func fuzzIntake(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let (selector, rest) = FuzzInput.selector(FuzzInput.bytes(data, size)),
        let frames = FuzzInput.frames(rest, count: Int(selector & 0x03))
    else { return 0 }
    if selector & 0x04 == 0 {
        guard let request = try? IntakeRequest.decode(frames[...]) else { return 0 }
        let encoded = request.frames
        FuzzInput.require((try? IntakeRequest.decode(encoded[...])) == request, "request \(request.kind): frames do not decode back")
        // A status query may leave out its empty payload frame; anything else is read as sent.
        FuzzInput.require(encoded == frames || (request == .status && frames == [encoded[0]]), "request \(request.kind): frames changed")
    } else {
        let kinds: [IntakeRequest.Kind] = [.transaction, .cancel, .status]
        let kind = kinds[Int(selector >> 3) % kinds.count]
        guard let reply = try? IntakeReply.decode(frames, for: kind) else { return 0 }
        FuzzInput.require((try? IntakeReply.decode(reply.frames, for: kind)) == reply, "reply for \(kind): frames do not decode back")
    }
    return 0
}
