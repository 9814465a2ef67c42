extension ZMQSocket {
    /// Sends a message, all frames or none: every frame but the last goes with ZMQ_SNDMORE.
    /// Returns `wouldBlock` when nothing could be queued (see `ZMQSendOutcome`); a ROUTER with
    /// `routerMandatory` fails with `peer_unreachable` for an unknown routing id.
    @discardableResult
    public func send(_ message: ZMQMessage, _ mode: ZMQWaitMode = .blocking) throws(ZMQError) -> ZMQSendOutcome {
        let pointer = try openPointer("send")
        let lastIndex = message.frames.count - 1
        for (index, frame) in message.frames.enumerated() {
            switch LibZMQ.send(pointer, frame, more: index < lastIndex, dontWait: mode == .dontWait) {
            case .failure(let failure):
                throw ZMQError(.sendFailed, "send frame \(index + 1) of \(lastIndex + 1) on \(type) socket", failure: failure)
            case .success(true):
                continue
            case .success(false):
                // libzmq admits a multipart message at its first frame and then takes the rest,
                // so only the first frame can find the queue full.
                guard index == 0 else {
                    throw ZMQError(.sendFailed, "\(type) socket refused frame \(index + 1) of \(lastIndex + 1) after taking the first")
                }
                return .wouldBlock
            }
        }
        return .sent
    }

    /// Sends a single-frame message.
    @discardableResult
    public func send(_ frame: [UInt8], _ mode: ZMQWaitMode = .blocking) throws(ZMQError) -> ZMQSendOutcome {
        try send(ZMQMessage(frame), mode)
    }
}
