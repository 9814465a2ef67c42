import PropertyBased
import Testing
import TestSupport
import ZeroMQ

@Suite("ZMQSocket receiving")
struct ZMQSocketReceiveTests {
    @Test("PUSH to PULL over loopback TCP delivers one frame intact")
    func pushPullRoundTrip() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push)
        let payload: [UInt8] = [0, 1, 2, 255, 128, 0]
        #expect(try push.send(payload) == .sent)
        #expect(try pull.receiveFrame(maxBytes: 64) == payload)
    }

    @Test("an empty frame is a message of its own")
    func emptyFrameRoundTrip() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://empty")
        try push.send([])
        let message = try pull.receive(limits: ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: 0))
        #expect(message?.frames == [[]])
    }

    @Test("DEALERs to a ROUTER arrive tagged with their routing ids and replies reach the right peer")
    func dealerRouterRouting() throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        try router.bind("tcp://127.0.0.1:*")
        var dealers: [String: ZMQSocket] = [:]
        for name in ["client-a", "client-b"] {
            let dealer = try makeSocket(context, .dealer)
            try dealer.setOption(.routingID, bytes(name))
            try dealer.connect(router.lastEndpoint)
            try dealer.send(ZMQMessage(frames: [bytes("hello from"), bytes(name)]))
            dealers[name] = dealer
        }
        var received: [String: [[UInt8]]] = [:]
        for _ in 0..<2 {
            let frames = try #require(try router.receive(limits: roomyLimits())).frames
            received[String(decoding: frames[0], as: UTF8.self)] = Array(frames.dropFirst())
        }
        #expect(received == ["client-a": [bytes("hello from"), bytes("client-a")], "client-b": [bytes("hello from"), bytes("client-b")]])
        // Reply in the opposite order of arrival to show routing, not queue order, decides.
        for name in ["client-b", "client-a"] {
            try router.send(ZMQMessage(frames: [bytes(name), bytes("reply to " + name)]))
        }
        for (name, dealer) in dealers {
            #expect(try dealer.receive(limits: roomyLimits())?.frames == [bytes("reply to " + name)])
        }
    }

    @Test("a dontWait receive on an empty socket returns nil")
    func dontWaitOnEmptyReturnsNil() throws {
        let context = try ZMQContext()
        let pull = try ZMQSocket(context, type: .pull)
        try pull.bind("inproc://empty-queue")
        #expect(try pull.receive(limits: roomyLimits(), .dontWait) == nil)
    }

    @Test("a blocking receive returns nil once the receive timeout passes")
    func blockingReceiveTimesOut() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull, receiveTimeoutMs: Wait.absenceMs)
        try pull.bind("inproc://nothing-comes")
        #expect(try pull.receiveFrame(maxBytes: 8) == nil)
    }

    @Test("receiving on a socket type that cannot receive is receive_failed with libzmq's errno")
    func receiveOnPubFails() throws {
        let context = try ZMQContext()
        let pub = try ZMQSocket(context, type: .pub)
        let error = expectError(.receiveFailed) { try pub.receive(limits: roomyLimits(), .dontWait) }
        #expect(error?.errno != nil)
    }

    @Test("a frame over the byte limit is message_too_large and the next message still arrives")
    func oversizeFrameIsDropped() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://oversize")
        try push.send([UInt8](repeating: 7, count: 100))
        try push.send(bytes("next"))
        expectError(.messageTooLarge) { try pull.receiveFrame(maxBytes: 50) }
        #expect(try pull.receiveFrame(maxBytes: 50) == bytes("next"))
    }

    @Test("a later frame over the byte budget drains the rest of its message")
    func oversizeLaterFrameDrains() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://oversize-later")
        let filler = [UInt8](repeating: 1, count: 40)
        try push.send(ZMQMessage(frames: [filler, filler, bytes("tail")]))
        try push.send(bytes("next"))
        let limits = try ZMQReceiveLimits(maxFrames: 8, maxTotalBytes: 60)
        expectError(.messageTooLarge) { try pull.receive(limits: limits) }
        #expect(try pull.receive(limits: limits)?.frames == [bytes("next")])
    }

    @Test("a message over the frame limit is too_many_frames and the next message still arrives")
    func tooManyFramesIsDropped() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://frames")
        try push.send(ZMQMessage(frames: [bytes("a"), bytes("b"), bytes("c")]))
        try push.send(ZMQMessage(frames: [bytes("d"), bytes("e")]))
        let limits = try ZMQReceiveLimits(maxFrames: 2, maxTotalBytes: 64)
        expectError(.tooManyFrames) { try pull.receive(limits: limits) }
        #expect(try pull.receive(limits: limits)?.frames == [bytes("d"), bytes("e")])
    }

    @Test("random messages arrive intact or fail with the limit they broke, and the socket stays in step")
    func limitsHoldForRandomMessages() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://random-limits")
        let limits = try ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: 48)
        let frames = Gen.int(in: 0...20).map { [UInt8](repeating: UInt8($0), count: $0) }.array(of: 1...6)
        try seededCheck(seed: 0x2E40_0001, count: 60, frames) { frames, caseIndex in
            try push.send(ZMQMessage(frames: frames))
            try push.send(bytes("marker"))
            let expectedFailure = failure(receiving: frames, within: limits)
            do throws(ZMQError) {
                let message = try pull.receive(limits: limits)
                #expect(expectedFailure == nil, "case \(caseIndex) arrived despite its limits")
                #expect(message?.frames == frames, "case \(caseIndex)")
            } catch {
                #expect(error.kind == expectedFailure, "case \(caseIndex): \(error)")
            }
            #expect(try pull.receive(limits: limits)?.frames == [bytes("marker")], "case \(caseIndex)")
        }
    }

    /// The limit a receive of `frames` breaks first, reading frame by frame: bytes are checked
    /// as each frame comes in, the frame count once the limit's worth has been read.
    private func failure(receiving frames: [[UInt8]], within limits: ZMQReceiveLimits) -> ZMQError.Kind? {
        let bytesRead = frames.prefix(limits.maxFrames).reduce(0) { $0 + $1.count }
        if bytesRead > limits.maxTotalBytes { return .messageTooLarge }
        return frames.count > limits.maxFrames ? .tooManyFrames : nil
    }
}
