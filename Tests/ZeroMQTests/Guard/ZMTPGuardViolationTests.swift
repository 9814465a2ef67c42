import Foundation
import Testing
@testable import ZeroMQ

/// Clients that break ZMTP or a limit: each is reset on both connections and counted, and the
/// endpoint keeps serving everyone else.
@Suite("ZMTPGuard refusing")
struct ZMTPGuardViolationTests {
    /// Sends `bytes` from a raw client through a guard in front of a ROUTER and expects the
    /// guard to end the connection for `kind`; then a well-behaved DEALER must still get through.
    /// `afterHandshake`: the client first completes a NULL handshake with the ROUTER (through
    /// the guard), so `bytes` are message frames libzmq would take.
    private func expectRefused(
        _ kind: ZMTPGuardDisconnect, _ bytes: [UInt8], afterHandshake: Bool = true, limits: ZMTPGuardLimits,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let context = try ZMQContext()
        let (router, relay) = try guardedServer(context, .router, limits: limits)
        defer { relay.stop() }
        let attacker = try RawClient(relay.endpoint)
        if afterHandshake { try attacker.handshake() }
        attacker.send(bytes)
        #expect(attacker.waitUntilClosed(), "the guard must close the client", sourceLocation: sourceLocation)
        #expect(eventually { relay.counters.disconnects(kind) == 1 }, "\(relay.counters)", sourceLocation: sourceLocation)
        let counters = relay.counters
        #expect(counters.violations == 1 && counters.connectionsOpen == 0, "\(counters)", sourceLocation: sourceLocation)

        let dealer = try makeSocket(context, .dealer)
        try dealer.connect(relay.endpoint)
        try dealer.send(ZMQMessage(frames: [ZeroMQTests.bytes("still"), ZeroMQTests.bytes("served")]))
        let received = try router.receive(limits: roomyLimits())
        #expect(received?.frames.dropFirst() == [ZeroMQTests.bytes("still"), ZeroMQTests.bytes("served")], sourceLocation: sourceLocation)
    }

    @Test("MORE frames without a last frame, each under frameBytesMax, are cut off at messageBytesMax")
    func unfinishedMessageCutOff() throws {
        let limits = try tightLimits(framesPerMessageMax: 1_024, messageBytesMax: 64 << 10, frameBytesMax: 8 << 10)
        let frames = (0..<64).flatMap { _ in ZMTPBytes.frame(Array(repeating: 0xAB, count: 8 << 10), more: true) }
        try expectRefused(.messageTooLarge, frames, limits: limits)
    }

    @Test("frames past framesPerMessageMax are cut off, even empty ones")
    func tooManyFramesCutOff() throws {
        let frames = (0..<100).flatMap { _ in ZMTPBytes.frame([], more: true) }
        try expectRefused(.tooManyFrames, frames, limits: tightLimits(framesPerMessageMax: 8))
    }

    @Test("a frame header over frameBytesMax is refused before its body")
    func oversizedFrameCutOff() throws {
        try expectRefused(.frameTooLarge, ZMTPBytes.header(size: 8 << 20), limits: tightLimits())
    }

    @Test("an oversized command is refused")
    func oversizedCommandCutOff() throws {
        try expectRefused(.commandTooLarge, ZMTPBytes.header(size: 1 << 20, command: true), limits: tightLimits())
    }

    @Test("a bad greeting, ZMTP 2 and an unknown mechanism are refused")
    func badGreetingsCutOff() throws {
        try expectRefused(.badGreeting, Array("GET / HTTP/1.1\r\nHost: node\r\n\r\n".utf8), afterHandshake: false, limits: tightLimits())
        try expectRefused(.unsupportedVersion, ZMTPBytes.greeting(major: 2), afterHandshake: false, limits: tightLimits())
        try expectRefused(.unknownMechanism, ZMTPBytes.greeting(mechanism: "KERBEROS"), afterHandshake: false, limits: tightLimits())
    }

    @Test("the inner connection closes with the client's, and no byte of the offending frame reaches it")
    func innerSeesNothingPastTheViolation() throws {
        let (innerListener, innerAddress) = try POSIXSocket.listen(.tcp(address: 0x7F00_0001, port: 0), backlog: 4)
        defer { POSIXSocket.close(innerListener) }
        let limits = try tightLimits(framesPerMessageMax: 64, messageBytesMax: 4_096, frameBytesMax: 1_024)
        let relay = try ZMTPGuard.start(
            publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: innerAddress.description, limits: limits, name: "raw")
        defer { relay.stop() }
        let allowed = ZMTPBytes.nullHandshake() + (0..<4).flatMap { _ in ZMTPBytes.frame(Array(repeating: 1, count: 1_024), more: true) }
        let attacker = try RawClient(relay.endpoint)
        attacker.send(allowed)
        #expect(POSIXSocket.waitUntilReady(innerListener, timeoutMs: Int32(Wait.arrivalMs)))
        guard case .connection(let inner) = POSIXSocket.accept(innerListener, tcp: true) else {
            Issue.record("the guard did not connect to the inner endpoint")
            return
        }
        defer { POSIXSocket.close(inner) }
        var relayed: [UInt8] = []
        while relayed.count < allowed.count {
            let (outcome, chunk) = POSIXSocket.receiveWaiting(inner, maxBytes: 1 << 16, timeoutMs: Int32(Wait.arrivalMs))
            guard case .moved = outcome else { break }
            relayed += chunk
        }
        #expect(relayed == allowed)
        // The next frame's header takes the message past messageBytesMax.
        attacker.send(ZMTPBytes.header(size: 1, more: true) + [7])
        #expect(attacker.waitUntilClosed())
        let (ending, extra) = POSIXSocket.receiveWaiting(inner, maxBytes: 1 << 16, timeoutMs: Int32(Wait.arrivalMs))
        #expect(extra.isEmpty)
        #expect(ending == .endOfStream || ending == .failed(ECONNRESET), "\(ending)")
        #expect(relay.counters.disconnects(.messageTooLarge) == 1)
    }

    @Test("past connectionsMax a client is accepted and closed at once, and counted")
    func connectionsMaxEnforced() throws {
        let context = try ZMQContext()
        let (router, relay) = try guardedServer(context, .router, limits: tightLimits(connectionsMax: 2))
        defer {
            relay.stop()
            router.close()
        }
        let first = try RawClient(relay.endpoint)
        let second = try RawClient(relay.endpoint)
        #expect(eventually { relay.counters.connectionsOpen == 2 })
        // The reset may even beat the end of the client's connect.
        let third = try RawClient.attempt(relay.endpoint)
        #expect(third?.waitUntilClosed() ?? true)
        #expect(eventually { relay.counters.connectionsRefused == 1 })
        // The two within the limit are untouched, and a freed slot is taken again.
        #expect(!first.waitUntilClosed(timeoutMs: Wait.absenceMs) && !second.waitUntilClosed(timeoutMs: Wait.absenceMs))
        // A half-close by the client is relayed; the connection ends once both ways are done.
        POSIXSocket.shutdownWrite(first.descriptor)
        #expect(first.waitUntilClosed())
        #expect(eventually { relay.counters.connectionsOpen == 1 && relay.counters.disconnects(.clientClosed) == 1 })
        let fourth = try RawClient(relay.endpoint)
        #expect(!fourth.waitUntilClosed(timeoutMs: Wait.absenceMs))
        #expect(relay.counters.connectionsRefused == 1 && relay.counters.connectionsAccepted == 3)
    }

    @Test("a dead inner endpoint drops the client and counts inner_unreachable")
    func deadInnerEndpoint() throws {
        let (listener, address) = try POSIXSocket.listen(.tcp(address: 0x7F00_0001, port: 0), backlog: 1)
        POSIXSocket.close(listener)
        let relay = try ZMTPGuard.start(
            publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: address.description, limits: tightLimits(), name: "dead")
        defer { relay.stop() }
        let client = try RawClient(relay.endpoint)
        client.send(ZMTPBytes.nullHandshake())
        #expect(client.waitUntilClosed())
        #expect(eventually { relay.counters.disconnects(.innerUnreachable) == 1 })
        #expect(relay.counters.connectionsOpen == 0 && relay.counters.violations == 0)
    }

    @Test("start refuses bad endpoints and a port in use with coded errors")
    func startRefusesBadInput() throws {
        let limits = try tightLimits()
        let bad = #expect(throws: ZMTPGuardError.self) {
            _ = try ZMTPGuard.start(publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: "tcp://127.0.0.1:*", limits: limits, name: "x")
        }
        #expect(bad?.kind == .invalidEndpoint && bad?.code == 7051)
        let first = try ZMTPGuard.start(publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: "tcp://127.0.0.1:9", limits: limits, name: "a")
        defer { first.stop() }
        let taken = #expect(throws: ZMTPGuardError.self) {
            _ = try ZMTPGuard.start(publicEndpoint: first.endpoint, innerEndpoint: "tcp://127.0.0.1:9", limits: limits, name: "b")
        }
        #expect(taken?.kind == .bindFailed && taken?.errno == EADDRINUSE)
    }
}
