import Testing
import ZeroMQ

@Suite("ZMQSocket lifecycle and endpoints")
struct ZMQSocketTests {
    @Test("every socket type can be created and names itself as ZeroMQ does")
    func createsEveryType() throws {
        let context = try ZMQContext()
        for type in ZMQSocketType.allCases {
            let socket = try ZMQSocket(context, type: type)
            #expect(socket.type == type)
        }
        #expect(ZMQSocketType.allCases.map(\.description) == ["PUB", "SUB", "ROUTER", "DEALER", "PUSH", "PULL", "XPUB", "REQ", "REP"])
    }

    @Test("binding a loopback wildcard port reports the resolved port in lastEndpoint")
    func lastEndpointResolvesWildcard() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .pull)
        try socket.bind("tcp://127.0.0.1:*")
        let endpoint = try socket.lastEndpoint
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = try #require(Int(endpoint.dropFirst("tcp://127.0.0.1:".count)))
        #expect((1...65_535).contains(port))
    }

    @Test("an invalid endpoint is bind_failed with libzmq's errno text")
    func invalidEndpointFailsBind() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .pull)
        let badProtocol = expectError(.bindFailed) { try socket.bind("bogus://nowhere") }
        #expect(badProtocol?.errnoText == "Protocol not supported")
        let badPort = expectError(.bindFailed) { try socket.bind("tcp://127.0.0.1:notaport") }
        #expect(badPort?.errnoText == "Invalid argument")
        #expect(badPort?.message.contains("Invalid argument") == true)
    }

    @Test("empty, overlong and NUL-carrying endpoints are refused before libzmq sees them")
    func malformedEndpointsAreRefused() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .push)
        let overlong = "inproc://" + String(repeating: "x", count: ZMQLimits.maxEndpointBytes)
        for endpoint in ["", overlong, "inproc://a\u{0}b"] {
            let error = expectError(.connectFailed) { try socket.connect(endpoint) }
            #expect(error?.errno == nil)
        }
    }

    @Test("unbind frees an endpoint for a new bind; unbinding it twice is unbind_failed")
    func unbindFreesEndpoint() throws {
        let context = try ZMQContext()
        let first = try ZMQSocket(context, type: .pull)
        let second = try ZMQSocket(context, type: .pull)
        try first.bind("inproc://shared-name")
        expectError(.bindFailed) { try second.bind("inproc://shared-name") }
        try first.unbind("inproc://shared-name")
        try second.bind("inproc://shared-name")
        expectError(.unbindFailed) { try first.unbind("inproc://shared-name") }
    }

    @Test("disconnect drops a connection; disconnecting twice is disconnect_failed")
    func disconnectDropsConnection() throws {
        let context = try ZMQContext()
        let (pull, push) = try connectedPair(context, server: .pull, client: .push, endpoint: "inproc://disconnect")
        try push.disconnect("inproc://disconnect")
        // With its only peer gone, a PUSH has nowhere to queue.
        #expect(try push.send(bytes("lost"), .dontWait) == .wouldBlock)
        #expect(try pull.receive(limits: roomyLimits(), .dontWait) == nil)
        expectError(.disconnectFailed) { try push.disconnect("inproc://disconnect") }
    }

    @Test("after close every call is socket_closed and close can be repeated")
    func closedSocketRefusesCalls() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context, type: .push)
        #expect(!socket.isClosed)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
        expectError(.socketClosed) { try socket.bind("inproc://closed") }
        expectError(.socketClosed) { try socket.send(bytes("x")) }
        expectError(.socketClosed) { try socket.receive(limits: roomyLimits()) }
        expectError(.socketClosed) { try socket.setOption(.lingerMs, 0) }
        expectError(.socketClosed) { try socket.option(.lingerMs) }
        expectError(.socketClosed) { try socket.lastEndpoint }
    }
}
