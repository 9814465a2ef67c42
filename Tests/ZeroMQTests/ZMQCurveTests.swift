import Testing
import ZeroMQ

@Suite("ZMQCurve")
struct ZMQCurveTests {
    /// A ROUTER acting as CURVE server on a loopback port.
    private func server(_ context: ZMQContext, keys: ZMQCurveKeyPair, receiveTimeoutMs: Int) throws -> ZMQSocket {
        let router = try makeSocket(context, .router, receiveTimeoutMs: receiveTimeoutMs)
        try router.setOption(.curveServer, true)
        try router.setOption(.curveSecretKey, keys.secretKey)
        try router.setOption(.zapDomain, "lodestone-test")
        try router.bind("tcp://127.0.0.1:*")
        return router
    }

    /// A DEALER acting as CURVE client that trusts `serverKey`, connected to `endpoint`.
    private func client(_ context: ZMQContext, serverKey: ZMQCurveKey, endpoint: String, receiveTimeoutMs: Int) throws -> ZMQSocket {
        let keys = try ZMQCurve.generateKeyPair()
        let dealer = try makeSocket(context, .dealer, receiveTimeoutMs: receiveTimeoutMs)
        try dealer.setOption(.curvePublicKey, keys.publicKey)
        try dealer.setOption(.curveSecretKey, keys.secretKey)
        try dealer.setOption(.curveServerKey, serverKey)
        try dealer.connect(endpoint)
        return dealer
    }

    @Test("libzmq is built with CURVE and makes distinct key pairs")
    func generatesDistinctKeyPairs() throws {
        #expect(ZMQCurve.isAvailable)
        let first = try ZMQCurve.generateKeyPair()
        let second = try ZMQCurve.generateKeyPair()
        #expect(first.publicKey != second.publicKey)
        #expect(first.publicKey != first.secretKey)
        #expect(try ZMQCurveKey(z85: first.publicKey.z85) == first.publicKey)
    }

    @Test("a client that knows the server's key connects and talks both ways")
    func clientWithServerKeyTalks() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurve.generateKeyPair()
        let router = try server(context, keys: serverKeys, receiveTimeoutMs: Wait.arrivalMs)
        let dealer = try client(context, serverKey: serverKeys.publicKey, endpoint: router.lastEndpoint, receiveTimeoutMs: Wait.arrivalMs)
        try dealer.send(bytes("quote?"))
        let request = try #require(try router.receive(limits: roomyLimits()))
        #expect(request.frames.count == 2)
        #expect(request.frames.last == bytes("quote?"))
        try router.send(ZMQMessage(frames: [request.frames[0], bytes("42")]))
        #expect(try dealer.receiveFrame(maxBytes: 8) == bytes("42"))
    }

    @Test("a client with the wrong server key gets nothing through within a bounded wait")
    func clientWithWrongKeyGetsNothing() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurve.generateKeyPair()
        let impostorKey = try ZMQCurve.generateKeyPair().publicKey
        let router = try server(context, keys: serverKeys, receiveTimeoutMs: Wait.absenceMs)
        let dealer = try client(context, serverKey: impostorKey, endpoint: router.lastEndpoint, receiveTimeoutMs: Wait.absenceMs)
        try dealer.send(bytes("quote?"), .dontWait)
        #expect(try router.receive(limits: roomyLimits()) == nil)
        #expect(try dealer.receive(limits: roomyLimits()) == nil)
    }
}
