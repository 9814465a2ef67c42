import Testing
import ZeroMQ

@Suite("ZMQContext")
struct ZMQContextTests {
    @Test("I/O thread and socket counts outside their limits are invalid_argument")
    func rejectsOutOfRangeSettings() {
        expectError(.invalidArgument) { try ZMQContext(ioThreads: 0) }
        expectError(.invalidArgument) { try ZMQContext(ioThreads: ZMQLimits.maxIOThreads + 1) }
        expectError(.invalidArgument) { try ZMQContext(maxSockets: 0) }
        expectError(.invalidArgument) { try ZMQContext(maxSockets: ZMQLimits.maxSocketsPerContext + 1) }
    }

    @Test("a context with two I/O threads carries a TCP round trip")
    func twoIOThreadsWork() throws {
        let context = try ZMQContext(ioThreads: 2)
        #expect(context.ioThreads == 2)
        let (pull, push) = try connectedPair(context, server: .pull, client: .push)
        try push.send(bytes("two threads"))
        #expect(try pull.receiveFrame(maxBytes: 64) == bytes("two threads"))
    }

    @Test("one socket past maxSockets is socket_failed with libzmq's errno")
    func enforcesMaxSockets() throws {
        let context = try ZMQContext(maxSockets: 2)
        let sockets = try (0..<2).map { _ in try ZMQSocket(context, type: .push) }
        let error = expectError(.socketFailed) { try ZMQSocket(context, type: .push) }
        #expect(error?.errnoText == "Too many open files")
        #expect(sockets.count == 2)
    }

    @Test("after close, new sockets and blocking receives fail with context_terminated")
    func closeTerminatesBlockingCalls() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://closing")
        context.close()
        context.close()
        expectError(.contextTerminated) { try ZMQSocket(context, type: .push) }
        // The receive timeout only bounds the test if shutdown failed to end the wait.
        expectError(.contextTerminated) { try pull.receive(limits: roomyLimits()) }
    }
}
