import Testing
@testable import ZeroMQ

@Suite("ZMTPGuardLimits and endpoints")
struct ZMTPGuardLimitsTests {
    @Test("the defaults are valid and each field outside its range is refused by name")
    func rangesChecked() throws {
        let limits = try ZMTPGuardLimits()
        #expect(limits.frameBytesMax <= limits.messageBytesMax)
        let cases: [(String, () throws -> ZMTPGuardLimits)] = [
            ("framesPerMessageMax", { try ZMTPGuardLimits(framesPerMessageMax: 0) }),
            ("framesPerMessageMax", { try ZMTPGuardLimits(framesPerMessageMax: ZMQLimits.maxFramesPerMessage + 1) }),
            ("messageBytesMax", { try ZMTPGuardLimits(messageBytesMax: ZMTPGuardLimits.bytesCeiling + 1) }),
            ("frameBytesMax", { try ZMTPGuardLimits(frameBytesMax: -1) }),
            ("commandBytesMax", { try ZMTPGuardLimits(commandBytesMax: 511) }),
            ("connectionsMax", { try ZMTPGuardLimits(connectionsMax: 0) }),
            ("bufferBytes", { try ZMTPGuardLimits(bufferBytes: 1_024) }),
            ("connectTimeoutMs", { try ZMTPGuardLimits(connectTimeoutMs: 0) }),
            ("drainTimeoutMs", { try ZMTPGuardLimits(drainTimeoutMs: 60_001) }),
            ("must not exceed", { try ZMTPGuardLimits(messageBytesMax: 1_000, frameBytesMax: 1_001) }),
        ]
        for (field, make) in cases {
            let error = #expect(throws: ZMTPGuardError.self) { _ = try make() }
            #expect(error?.kind == .invalidLimits)
            #expect(error?.message.contains(field) == true, "\(String(describing: error))")
        }
    }

    @Test("endpoints: IPv4 and wildcards where listening, ipc paths; anything else names the rule")
    func endpointsParsed() throws {
        #expect(try ZMTPGuardEndpoint("tcp://127.0.0.1:*", listening: true) == .tcp(address: 0x7F00_0001, port: 0))
        #expect(try ZMTPGuardEndpoint("tcp://*:7401", listening: true) == .tcp(address: 0, port: 7401))
        #expect(try ZMTPGuardEndpoint("tcp://localhost:1", listening: false) == .tcp(address: 0x7F00_0001, port: 1))
        #expect(try ZMTPGuardEndpoint("ipc:///tmp/x.sock", listening: true) == .ipc(path: "/tmp/x.sock"))
        #expect(ZMTPGuardEndpoint.tcp(address: 0x0A00_0102, port: 5).description == "tcp://10.0.1.2:5")
        let bad: [(String, Bool)] = [
            ("tcp://127.0.0.1:*", false), ("tcp://*:80", false), ("tcp://127.0.0.1:0", true), ("tcp://127.0.0.1:65536", true),
            ("tcp://256.0.0.1:80", true), ("tcp://01.0.0.1:80", true), ("tcp://[::1]:80", true), ("tcp://127.0.0.1", true),
            ("udp://127.0.0.1:80", true), ("ipc://", true), ("ipc://*", true), ("ipc://" + String(repeating: "a", count: 108), true),
            ("inproc://x", true),
        ]
        for (text, listening) in bad {
            let error = #expect(throws: ZMTPGuardError.self, "\(text)") { _ = try ZMTPGuardEndpoint(text, listening: listening) }
            #expect(error?.kind == .invalidEndpoint)
        }
    }

    @Test("a relay buffer wraps around without growing and hands out contiguous runs")
    func relayBufferWraps() {
        var buffer = RelayBuffer(capacity: 8)
        #expect(buffer.freeRegion == 0..<8)
        buffer.didFill(6)
        buffer.didDrain(4)
        #expect(buffer.filledRegion == 4..<6)
        #expect(buffer.freeRegion == 6..<8)
        buffer.didFill(2)
        #expect(buffer.freeRegion == 0..<4)
        buffer.didFill(4)
        #expect(buffer.isFull && buffer.freeRegion.isEmpty)
        #expect(buffer.filledRegion == 4..<8)
        buffer.didDrain(4)
        #expect(buffer.filledRegion == 0..<4)
        buffer.didDrain(4)
        #expect(buffer.isEmpty && buffer.freeRegion == 0..<8 && buffer.capacity == 8)
    }
}
