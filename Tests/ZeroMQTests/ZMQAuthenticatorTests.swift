import Foundation
import Testing
import ZeroMQ

@Suite("ZMQAuthenticator: a ZAP allow-list of CURVE keys, and the user ID a receiver reads back")
struct ZMQAuthenticatorTests {
    /// A CURVE ROUTER served by an authenticator admitting `allowed`.
    struct Server {
        let context: ZMQContext
        let keys: ZMQCurveKeyPair
        let authenticator: ZMQAuthenticator
        let router: ZMQSocket

        init(allowed: [ZMQCurveKey: String]) throws {
            context = try ZMQContext()
            keys = try ZMQCurve.generateKeyPair()
            authenticator = try ZMQAuthenticator(context: context, allowed: allowed)
            router = try makeSocket(context, .router)
            try router.setOption(.curveServer, true)
            try router.setOption(.curveSecretKey, keys.secretKey)
            try router.setOption(.zapDomain, "lodestone-test")
            try router.bind("tcp://127.0.0.1:*")
        }

        /// Polls both sockets (as a server thread does: a poll makes the ROUTER prefetch the
        /// routing-ID frame, which then carries no metadata), answers ZAP and receives, until a
        /// message arrives or `waitMs` passes.
        func receive(waitMs: Int) throws -> (message: ZMQMessage, userID: String?)? {
            var poller = ZMQPoller()
            _ = try poller.register(router, for: .readable)
            _ = try poller.register(authenticator.socket, for: .readable)
            let deadline = Date(timeIntervalSinceNow: Double(waitMs) / 1_000)
            while Date() < deadline {
                let ready = try poller.poll(timeoutMs: 10)
                if ready[1].contains(.readable) { try authenticator.answerAll() }
                if ready[0].contains(.readable), let received = try router.receiveAuthenticated(limits: roomyLimits(), .dontWait) {
                    return received
                }
            }
            return nil
        }
    }

    func client(_ server: Server, keys: ZMQCurveKeyPair) throws -> ZMQSocket {
        let dealer = try makeSocket(server.context, .dealer)
        try dealer.setOption(.curvePublicKey, keys.publicKey)
        try dealer.setOption(.curveSecretKey, keys.secretKey)
        try dealer.setOption(.curveServerKey, server.keys.publicKey)
        try dealer.connect(server.router.lastEndpoint)
        return dealer
    }

    @Test("an allow-listed key is admitted and every message of its connection carries its user ID (routing frame included)")
    func admittedCarriesUserID() throws {
        let clientKeys = try ZMQCurve.generateKeyPair()
        let server = try Server(allowed: [clientKeys.publicKey: "peer-one"])
        let dealer = try client(server, keys: clientKeys)
        for index in 0..<50 { _ = try dealer.send([UInt8(index)]) }
        for index in 0..<50 {
            let received = try #require(try server.receive(waitMs: Wait.arrivalMs))
            #expect(received.userID == "peer-one")
            #expect(received.message.frames.last == [UInt8(index)])
        }
        #expect(server.authenticator.admitted == 1 && server.authenticator.refused == 0)
    }

    @Test("a key not on the list is refused at the handshake: its messages never arrive, and the refusal is counted")
    func outsiderRefused() throws {
        let server = try Server(allowed: [try ZMQCurve.generateKeyPair().publicKey: "someone-else"])
        let dealer = try client(server, keys: try ZMQCurve.generateKeyPair())
        _ = try dealer.send(bytes("let me in"), .dontWait)
        #expect(try server.receive(waitMs: 500) == nil)
        #expect(server.authenticator.refused >= 1 && server.authenticator.admitted == 0)
    }

    @Test("a key pair rebuilt from its secret key alone has the same public key")
    func publicFromSecret() throws {
        let keys = try ZMQCurve.generateKeyPair()
        #expect(try ZMQCurveKeyPair(secretKey: keys.secretKey) == keys)
    }
}
