import Testing
@testable import ZeroMQ

@Suite("ZMQPoller")
struct ZMQPollerTests {
    @Test("poll reports readable only while a message is waiting and times out otherwise")
    func readableOnlyWithMessage() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://poll-readable")
        var poller = ZMQPoller()
        #expect(try poller.register(pull, for: .readable) == 0)
        #expect(try poller.poll(timeoutMs: Wait.absenceMs) == [[]])
        try push.send(bytes("wake"))
        #expect(try poller.poll(timeoutMs: Wait.arrivalMs) == [.readable])
        #expect(try pull.receiveFrame(maxBytes: 8, .dontWait) == bytes("wake"))
        #expect(try poller.poll(timeoutMs: 0) == [[]])
    }

    @Test("results follow registration order across several sockets")
    func resultsFollowRegistrationOrder() throws {
        let context = try ZMQContext()
        let (quiet, _) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://poll-quiet")
        let (busy, busyPush) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://poll-busy")
        var poller = ZMQPoller()
        try poller.register(quiet, for: .readable)
        try poller.register(busy, for: .readable)
        try poller.register(busyPush, for: [.readable, .writable])
        #expect(poller.count == 3)
        try busyPush.send(bytes("only busy"))
        #expect(try poller.poll(timeoutMs: Wait.arrivalMs) == [[], .readable, .writable])
    }

    @Test("bad timeouts, empty interests, an empty poller and too many sockets are invalid_argument")
    func rejectsBadArguments() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .pull)
        var poller = ZMQPoller()
        expectError(.invalidArgument) { try poller.poll(timeoutMs: 0) }
        expectError(.invalidArgument) { try poller.register(socket, for: []) }
        expectError(.invalidArgument) { try poller.register(socket, for: ZMQPollEvents(rawValue: 4)) }
        for _ in 0..<ZMQLimits.maxPollItems { try poller.register(socket, for: .readable) }
        expectError(.invalidArgument) { try poller.register(socket, for: .readable) }
        #expect(poller.count == ZMQLimits.maxPollItems)
        expectError(.invalidArgument) { try poller.poll(timeoutMs: -1) }
        expectError(.invalidArgument) { try poller.poll(timeoutMs: ZMQLimits.maxTimeoutMs + 1) }
    }

    @Test("polling a closed socket is socket_closed")
    func closedSocketIsRefused() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .pull)
        var poller = ZMQPoller()
        try poller.register(socket, for: .readable)
        socket.close()
        expectError(.socketClosed) { try poller.poll(timeoutMs: 0) }
    }

    @Test("a poll's remaining wait rounds up to whole milliseconds, so a 1 ms wait never becomes a non-blocking poll")
    func remainingRoundsUp() {
        let now = ContinuousClock().now
        #expect(LibZMQ.remainingMs(until: now + .microseconds(999), now: now) == 1)
        #expect(LibZMQ.remainingMs(until: now + .microseconds(1_001), now: now) == 2)
        #expect(LibZMQ.remainingMs(until: now + .milliseconds(5), now: now) == 5)
        #expect(LibZMQ.remainingMs(until: now, now: now + .milliseconds(3)) == 0)
    }
}
