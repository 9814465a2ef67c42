import Foundation
import Testing

@testable import ZeroMQ

/// Real libzmq peers talking through a guard: nothing may change for them.
@Suite("ZMTPGuard relaying")
struct ZMTPGuardRelayTests {
    @Test("DEALER to ROUTER through the guard: multipart messages arrive unchanged both ways")
    func dealerRouter() throws {
        let context = try ZMQContext()
        let (router, relay) = try guardedServer(context, .router, limits: ZMTPGuardLimits())
        defer { relay.stop() }
        let dealer = try makeSocket(context, .dealer)
        try dealer.setOption(.routingID, bytes("dealer-1"))
        try dealer.connect(relay.endpoint)
        for round in 0..<3 {
            let request = try ZMQMessage(frames: [bytes("order"), bytes("round \(round)"), [0, 255, 7], []])
            try dealer.send(request)
            let received = try #require(try router.receive(limits: roomyLimits()))
            #expect(received.frames == [bytes("dealer-1")] + request.frames)
            try router.send(ZMQMessage(frames: [bytes("dealer-1"), bytes("ack"), bytes("\(round)")]))
            #expect(try dealer.receive(limits: roomyLimits())?.frames == [bytes("ack"), bytes("\(round)")])
        }
        let counters = relay.counters
        #expect(counters.connectionsAccepted == 1 && counters.connectionsOpen == 1)
        #expect(counters.bytesIn > 0 && counters.bytesOut > 0 && counters.violations == 0)
    }

    @Test("A draining stop right after the socket closes still passes on its last message, then ends on the inner close")
    func drainingStopDeliversTheLastMessage() throws {
        let context = try ZMQContext()
        let (router, relay) = try guardedServer(context, .router, limits: ZMTPGuardLimits())
        defer { relay.stop() }
        let dealer = try makeSocket(context, .dealer)
        try dealer.setOption(.routingID, bytes("dealer-1"))
        try dealer.connect(relay.endpoint)
        try dealer.send(bytes("hello"))
        _ = try #require(try router.receive(limits: roomyLimits()))
        // As a stopping gateway does: a last message, close with a linger, stop the guard at once.
        try router.send(ZMQMessage(frames: [bytes("dealer-1"), bytes("bye")]))
        try router.setOption(.lingerMs, 1_000)
        router.close()
        relay.stop(drainingWithinMs: 2_000)
        #expect(relay.waitUntilStopped(timeoutMs: 3_000))
        #expect(try dealer.receive(limits: roomyLimits())?.frames == [bytes("bye")])
        // The connection ended once: by libzmq closing the inner side (usually), or by the
        // drain's end when the machine is too loaded for libzmq to close within it; either
        // way after the last message was passed on (above).
        let ends = relay.counters.disconnects(.innerClosed) + relay.counters.disconnects(.guardStopped)
        #expect(ends == 1, "\(relay.counters)")
    }

    @Test("REQ to REP through the guard: strict request-reply rounds complete")
    func requestReply() throws {
        let context = try ZMQContext()
        let (reply, relay) = try guardedServer(context, .rep, limits: ZMTPGuardLimits())
        defer { relay.stop() }
        let request = try makeSocket(context, .req)
        try request.connect(relay.endpoint)
        for round in 0..<5 {
            try request.send(bytes("ping \(round)"))
            #expect(try reply.receive(limits: roomyLimits())?.frames == [bytes("ping \(round)")])
            try reply.send(ZMQMessage(frames: [bytes("pong"), bytes("\(round)")]))
            #expect(try request.receive(limits: roomyLimits())?.frames == [bytes("pong"), bytes("\(round)")])
        }
    }

    @Test("SUB to PUB through the guard: the subscription goes in, matching messages come out")
    func subscribePublish() throws {
        let context = try ZMQContext()
        let (publisher, relay) = try guardedServer(context, .pub, limits: ZMTPGuardLimits())
        defer { relay.stop() }
        let subscriber = try makeSocket(context, .sub, receiveTimeoutMs: 20)
        try subscriber.subscribe(bytes("l2."))
        try subscriber.connect(relay.endpoint)
        // The subscription travels through the guard; publish until it has landed.
        var received: ZMQMessage?
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Wait.arrivalMs))
        while received == nil && ContinuousClock.now < deadline {
            try publisher.send(ZMQMessage(frames: [bytes("other"), bytes("skip")]))
            try publisher.send(ZMQMessage(frames: [bytes("l2.BTC-USDT"), bytes("book"), [1, 0, 0, 0, 0, 0, 0, 0]]))
            received = try subscriber.receive(limits: roomyLimits())
        }
        #expect(received?.frames == [bytes("l2.BTC-USDT"), bytes("book"), [1, 0, 0, 0, 0, 0, 0, 0]])
    }

    @Test("CURVE DEALER to ROUTER through the guard: the handshake and encrypted frames pass")
    func curveDealerRouter() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurve.generateKeyPair()
        let (router, relay) = try guardedServer(context, .router, limits: tightLimits()) { router in
            try router.setOption(.curveServer, true)
            try router.setOption(.curveSecretKey, serverKeys.secretKey)
            try router.setOption(.zapDomain, "lodestone-test")
        }
        defer { relay.stop() }
        let clientKeys = try ZMQCurve.generateKeyPair()
        let dealer = try makeSocket(context, .dealer)
        try dealer.setOption(.curvePublicKey, clientKeys.publicKey)
        try dealer.setOption(.curveSecretKey, clientKeys.secretKey)
        try dealer.setOption(.curveServerKey, serverKeys.publicKey)
        try dealer.connect(relay.endpoint)
        try dealer.send(ZMQMessage(frames: [bytes("quote?"), Array(repeating: 9, count: 1_024)]))
        let request = try #require(try router.receive(limits: roomyLimits()), "\(relay.counters)")
        #expect(request.frames.dropFirst() == [bytes("quote?"), Array(repeating: 9, count: 1_024)])
        try router.send(ZMQMessage(frames: [request.frames[0], bytes("42")]))
        #expect(try dealer.receiveFrame(maxBytes: 8) == bytes("42"))
        #expect(relay.counters.violations == 0)
    }

    @Test("an ipc:// public endpoint relays like TCP and its socket file is removed on stop")
    func ipcPublicEndpoint() throws {
        let context = try ZMQContext()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID().uuidString.prefix(8)).sock").path
        let router = try makeSocket(context, .router)
        try router.bind("tcp://127.0.0.1:*")
        let relay = try ZMTPGuard.start(
            publicEndpoint: "ipc://\(path)", innerEndpoint: router.lastEndpoint, limits: ZMTPGuardLimits(), name: "ipc")
        #expect(relay.endpoint == "ipc://\(path)")
        let dealer = try makeSocket(context, .dealer)
        try dealer.connect(relay.endpoint)
        try dealer.send(bytes("over ipc"))
        #expect(try router.receive(limits: roomyLimits())?.frames.last == bytes("over ipc"))
        relay.stop()
        #expect(relay.waitUntilStopped(timeoutMs: Wait.arrivalMs))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("messages far larger than the guard's buffers pass intact both ways (backpressure, wrap-around)")
    func largeMessagesThroughSmallBuffers() throws {
        let context = try ZMQContext()
        let limits = try ZMTPGuardLimits(messageBytesMax: 4 << 20, frameBytesMax: 2 << 20, bufferBytes: 4_096)
        let (router, relay) = try guardedServer(context, .router, limits: limits)
        defer { relay.stop() }
        let dealer = try makeSocket(context, .dealer)
        try dealer.connect(relay.endpoint)
        let big = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let large = try ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: 8 << 20)
        for _ in 0..<3 {
            try dealer.send(ZMQMessage(frames: [big, bytes("tail")]))
        }
        for _ in 0..<3 {
            let request = try #require(try router.receive(limits: large))
            #expect(request.frames.count == 3 && request.frames[1] == big && request.frames[2] == bytes("tail"))
            try router.send(ZMQMessage(frames: [request.frames[0], big]))
        }
        for _ in 0..<3 {
            #expect(try dealer.receive(limits: large)?.frames == [big])
        }
        #expect(relay.counters.violations == 0)
    }

    @Test("stop closes every connection, counts it, and the thread ends")
    func stopEndsConnections() throws {
        let context = try ZMQContext()
        let (router, relay) = try guardedServer(context, .router, limits: ZMTPGuardLimits())
        defer { router.close() }
        let client = try RawClient(relay.endpoint)
        #expect(eventually { relay.counters.connectionsOpen == 1 }, "\(relay.counters)")
        relay.stop()
        #expect(relay.waitUntilStopped(timeoutMs: Wait.arrivalMs))
        #expect(client.waitUntilClosed())
        #expect(relay.counters.disconnects(.guardStopped) == 1 && relay.counters.connectionsOpen == 0)
        let address = try ZMTPGuardEndpoint(relay.endpoint, listening: false)
        #expect(POSIXSocket.connectWaiting(address, timeoutMs: Int32(Wait.absenceMs)) == nil)
    }
}
