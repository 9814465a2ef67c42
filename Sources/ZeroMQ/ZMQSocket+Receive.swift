extension ZMQSocket {
    /// Receives one whole message within `limits`, or nil when none arrives: at once in
    /// `.dontWait` mode, or within the receive timeout in `.blocking` mode.
    ///
    /// Each frame is copied once, out of libzmq's own buffer, and only if it fits the byte
    /// budget left. A message past the limits is drained to its last frame and dropped, then
    /// the call fails with `too_many_frames` or `message_too_large`; the next receive gets the
    /// next message.
    public func receive(limits: ZMQReceiveLimits, _ mode: ZMQWaitMode = .blocking) throws(ZMQError) -> ZMQMessage? {
        try receive(limits: limits, mode, property: nil)?.message
    }

    /// Receives one whole message as `receive(limits:_:)` does, with the user ID the ZAP
    /// handler gave its connection when it admitted it (`ZMQAuthenticator`): the peer's
    /// authenticated identity, which a message cannot forge. nil when the connection passed
    /// no ZAP handler.
    public func receiveAuthenticated(
        limits: ZMQReceiveLimits, _ mode: ZMQWaitMode = .blocking
    ) throws(ZMQError) -> (message: ZMQMessage, userID: String?)? {
        guard let (message, userID) = try receive(limits: limits, mode, property: "User-Id") else { return nil }
        return (message, userID.flatMap { $0.isEmpty ? nil : $0 })
    }

    private func receive(
        limits: ZMQReceiveLimits, _ mode: ZMQWaitMode, property: String?
    ) throws(ZMQError) -> (message: ZMQMessage, property: String?)? {
        let pointer = try openPointer("receive")
        var found: String?
        var frames: [[UInt8]] = []
        var totalBytes = 0
        for index in 0..<limits.maxFrames {
            // libzmq delivers a multipart message whole, so after the first frame the rest is
            // already here and waiting for it would be a bug.
            let waits = index == 0 && mode == .blocking
            guard
                let frame = try receiveFrame(
                    pointer, maxBytes: limits.maxTotalBytes - totalBytes, waits: waits, property: property)
            else {
                assert(index == 0, "libzmq delivered part of a multipart message")
                return nil
            }
            guard let bytes = frame.bytes else {
                try drain(pointer, more: frame.more)
                throw ZMQError(.messageTooLarge, "frame \(index + 1) of \(frame.size) bytes passes the limit of \(limits.maxTotalBytes) bytes per message, \(totalBytes) already taken")
            }
            // Every frame of a message comes from one connection, but libzmq does not tag them
            // all: a ROUTER's routing-ID frame prefetched by a poll carries no metadata.
            if found == nil { found = frame.property }
            frames.append(bytes)
            totalBytes += bytes.count
            if !frame.more { return (ZMQMessage(received: frames), found) }
        }
        try drain(pointer, more: true)
        throw ZMQError(.tooManyFrames, "message has more than the limit of \(limits.maxFrames) frames")
    }

    /// Receives a single-frame message of at most `maxBytes` bytes and returns its frame, or
    /// nil as `receive(limits:_:)` does. A multipart message fails with `too_many_frames`.
    public func receiveFrame(maxBytes: Int, _ mode: ZMQWaitMode = .blocking) throws(ZMQError) -> [UInt8]? {
        let limits = try ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: maxBytes)
        return try receive(limits: limits, mode)?.frames[0]
    }

    private func receiveFrame(
        _ pointer: LibZMQ.SocketPointer, maxBytes: Int, waits: Bool, property: String? = nil
    ) throws(ZMQError) -> LibZMQ.Frame? {
        switch LibZMQ.receive(pointer, maxBytes: maxBytes, dontWait: !waits, property: property) {
        case .failure(let failure): throw ZMQError(.receiveFailed, "receive on \(type) socket", failure: failure)
        case .success(let frame): return frame
        }
    }

    /// Reads and drops the rest of a message after a frame that had `more` set. The loop ends:
    /// libzmq holds the whole message in memory already, so its last frame is there.
    private func drain(_ pointer: LibZMQ.SocketPointer, more: Bool) throws(ZMQError) {
        var more = more
        while more {
            guard let frame = try receiveFrame(pointer, maxBytes: 0, waits: false) else {
                throw ZMQError(.receiveFailed, "\(type) socket lost the rest of a multipart message")
            }
            more = frame.more
        }
    }
}
