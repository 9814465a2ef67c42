import Foundation
import Testing
@testable import ZeroMQ

/// Bytes of ZMTP 3 written by hand, for clients that must break the protocol on purpose.
enum ZMTPBytes {
    /// A 64-byte greeting: signature, version, mechanism (NUL-padded), as-server, filler.
    static func greeting(mechanism: String = "NULL", major: UInt8 = 3, minor: UInt8 = 0) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0] = 0xFF
        bytes[8] = 0x01
        bytes[9] = 0x7F
        bytes[10] = major
        bytes[11] = minor
        for (offset, byte) in mechanism.utf8.prefix(20).enumerated() { bytes[12 + offset] = byte }
        return bytes
    }

    /// A frame header: flags and a 1-byte size, or an 8-byte one when `size` > 255 or `long`.
    static func header(size: UInt64, more: Bool = false, command: Bool = false, long: Bool = false) -> [UInt8] {
        let isLong = long || size > 255
        let flags: UInt8 = (more ? 0x01 : 0) | (isLong ? 0x02 : 0) | (command ? 0x04 : 0)
        guard isLong else { return [flags, UInt8(size)] }
        return [flags] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: size >> (8 * UInt64($0))) }
    }

    /// A whole frame.
    static func frame(_ body: [UInt8], more: Bool = false, command: Bool = false) -> [UInt8] {
        header(size: UInt64(body.count), more: more, command: command) + body
    }

    /// The NULL mechanism's READY command announcing `socketType`.
    static func ready(socketType: String = "DEALER") -> [UInt8] {
        let name = Array("Socket-Type".utf8)
        let value = Array(socketType.utf8)
        let body = [5] + Array("READY".utf8) + [UInt8(name.count)] + name + [0, 0, 0, UInt8(value.count)] + value
        return frame(body, command: true)
    }

    /// Greeting and READY: what a NULL DEALER sends before its first message.
    static func nullHandshake(socketType: String = "DEALER") -> [UInt8] {
        greeting() + ready(socketType: socketType)
    }
}

/// A raw TCP (or IPC) client that writes whatever bytes a test gives it.
final class RawClient {
    let descriptor: Int32

    init(_ endpoint: String) throws {
        let address = try ZMTPGuardEndpoint(endpoint, listening: false)
        descriptor = try #require(POSIXSocket.connectWaiting(address, timeoutMs: Int32(Wait.arrivalMs)))
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// A client, or nil when the connection failed (e.g. reset while connecting).
    static func attempt(_ endpoint: String) throws -> RawClient? {
        let address = try ZMTPGuardEndpoint(endpoint, listening: false)
        return POSIXSocket.connectWaiting(address, timeoutMs: Int32(Wait.arrivalMs)).map(RawClient.init(descriptor:))
    }

    deinit {
        POSIXSocket.close(descriptor)
    }

    /// Writes all of `bytes`; false when the connection failed or stayed full.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        POSIXSocket.sendAll(descriptor, bytes, timeoutMs: Int32(Wait.arrivalMs)) == .moved(bytes.count)
    }

    /// Sends a NULL greeting and READY as a DEALER, and reads the server's greeting and READY.
    /// libzmq reads any frame that comes before its own READY went out as a broken handshake
    /// command and drops the connection, so a client must wait for it, as libzmq's own do.
    func handshake() throws {
        try #require(send(ZMTPBytes.nullHandshake()))
        var received: [UInt8] = []
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Wait.arrivalMs))
        // Greeting (64), then READY: a command with a 1-byte size, at offsets 64 and 65.
        while received.count < 66 || received.count < 66 + Int(received[65]) {
            try #require(ContinuousClock.now < deadline, "no greeting and READY from the server")
            let (outcome, bytes) = POSIXSocket.receiveWaiting(descriptor, maxBytes: 1 << 16, timeoutMs: 50)
            if case .endOfStream = outcome { Issue.record("the server closed during the handshake") }
            if case .failed = outcome { Issue.record("the connection failed during the handshake") }
            received += bytes
        }
        #expect(received[64] == 0x04, "the server's READY is a command")
    }

    /// Reads (and drops) what arrives until the connection ends; true when it ended (end of
    /// stream or reset) within `timeoutMs`.
    func waitUntilClosed(timeoutMs: Int = Wait.arrivalMs) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMs))
        while ContinuousClock.now < deadline {
            let (outcome, _) = POSIXSocket.receiveWaiting(descriptor, maxBytes: 1 << 16, timeoutMs: 50)
            switch outcome {
            case .endOfStream, .failed: return true
            case .moved, .wouldBlock: continue
            }
        }
        return false
    }
}

/// Polls `condition` until it holds or `timeoutMs` passes; the guard counts on its own thread.
func eventually(timeoutMs: Int = Wait.arrivalMs, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMs))
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        Thread.sleep(forTimeInterval: 0.005)
    }
    return true
}

/// Small limits, so tests can pass them with a few bytes.
func tightLimits(
    framesPerMessageMax: Int = 8, messageBytesMax: Int = 4_096, frameBytesMax: Int = 1_024, connectionsMax: Int = 16,
    bufferBytes: Int = 4_096, messagesPerConnectionMax: Int? = nil
) throws -> ZMTPGuardLimits {
    try ZMTPGuardLimits(
        framesPerMessageMax: framesPerMessageMax, messageBytesMax: messageBytesMax, frameBytesMax: frameBytesMax, commandBytesMax: 512,
        connectionsMax: connectionsMax, bufferBytes: bufferBytes, connectTimeoutMs: 1_000, drainTimeoutMs: 1_000,
        messagesPerConnectionMax: messagesPerConnectionMax)
}

/// A libzmq `server` socket bound on a private loopback port and a guard in front of it.
func guardedServer(_ context: ZMQContext, _ type: ZMQSocketType, limits: ZMTPGuardLimits, configure: (ZMQSocket) throws -> Void = { _ in })
    throws -> (server: ZMQSocket, guard: ZMTPGuard)
{
    let server = try makeSocket(context, type)
    try configure(server)
    try server.bind("tcp://127.0.0.1:*")
    let relay = try ZMTPGuard.start(publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: server.lastEndpoint, limits: limits, name: "test")
    return (server, relay)
}
