import Testing
import ZeroMQ

@Suite("ZMQSocket sending")
struct ZMQSocketSendTests {
    @Test("a PUSH with no peer reports wouldBlock for a dontWait send instead of failing")
    func noPeerWouldBlock() throws {
        let context = try ZMQContext()
        let push = try ZMQSocket(context, type: .push)
        #expect(try push.send(bytes("nobody"), .dontWait) == .wouldBlock)
    }

    @Test("a PUSH with sndhwm=N to a peer that never reads queues about N messages, then wouldBlock")
    func sendHighWaterMarkBlocks() throws {
        let context = try ZMQContext()
        let highWaterMark = 5
        let push = try ZMQSocket(context, type: .push)
        try push.setOption(.sendHighWaterMark, highWaterMark)
        // Connecting before anyone binds gives a pipe with only our own high-water mark.
        try push.connect("inproc://never-bound")
        var queued = 0
        var outcome = ZMQSendOutcome.sent
        for _ in 0..<(highWaterMark * 10) where outcome == .sent {
            outcome = try push.send(bytes("fill"), .dontWait)
            if outcome == .sent { queued += 1 }
        }
        #expect(outcome == .wouldBlock)
        #expect((highWaterMark...(highWaterMark * 2)).contains(queued))
    }

    @Test("a blocking send past the high-water mark reports wouldBlock once the send timeout passes")
    func blockingSendTimesOut() throws {
        let context = try ZMQContext()
        let push = try ZMQSocket(context, type: .push)
        try push.setOption(.sendHighWaterMark, 1)
        try push.setOption(.sendTimeoutMs, 10)
        try push.connect("inproc://never-bound")
        var outcomes: [ZMQSendOutcome] = []
        for _ in 0..<4 { outcomes.append(try push.send(bytes("fill"))) }
        #expect(outcomes.first == .sent)
        #expect(outcomes.last == .wouldBlock)
    }

    @Test("a mandatory ROUTER sending to an unknown routing id fails with peer_unreachable")
    func routerMandatoryUnknownPeer() throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context, type: .router)
        try router.setOption(.routerMandatory, true)
        let message = try ZMQMessage(frames: [bytes("nobody"), bytes("hello")])
        let error = expectError(.peerUnreachable) { try router.send(message) }
        #expect(error?.errno != nil)
    }

    @Test("a plain ROUTER silently drops a message to an unknown routing id")
    func routerDropsUnknownPeer() throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context, type: .router)
        let message = try ZMQMessage(frames: [bytes("nobody"), bytes("hello")])
        #expect(try router.send(message, .dontWait) == .sent)
    }

    @Test("sending on a socket type that cannot send is send_failed with libzmq's errno")
    func sendOnSubFails() throws {
        let context = try ZMQContext()
        let sub = try ZMQSocket(context, type: .sub)
        let error = expectError(.sendFailed) { try sub.send(bytes("no")) }
        #expect(error?.errno != nil)
    }
}
