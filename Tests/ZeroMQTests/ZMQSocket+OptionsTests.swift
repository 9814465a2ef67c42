import PropertyBased
import Testing
import TestSupport
import ZeroMQ

@Suite("ZMQSocket options")
struct ZMQSocketOptionsTests {
    private func socket(_ type: ZMQSocketType = .dealer) throws -> (ZMQContext, ZMQSocket) {
        let context = try ZMQContext()
        return (context, try ZMQSocket(context, type: type))
    }

    @Test("high-water marks round-trip, nil meaning unlimited")
    func highWaterMarksRoundTrip() throws {
        let (_, socket) = try socket()
        for option in [ZMQOption<Int?>.sendHighWaterMark, .receiveHighWaterMark] {
            #expect(try socket.option(option) == 1_000)
            try socket.setOption(option, 42)
            #expect(try socket.option(option) == 42)
            try socket.setOption(option, nil)
            #expect(try socket.option(option) == nil)
        }
    }

    @Test("linger starts at 0 (blocky off) and round-trips, nil meaning until sent")
    func lingerRoundTrips() throws {
        let (_, socket) = try socket()
        #expect(try socket.option(.lingerMs) == 0)
        try socket.setOption(.lingerMs, 250)
        #expect(try socket.option(.lingerMs) == 250)
        try socket.setOption(.lingerMs, nil)
        #expect(try socket.option(.lingerMs) == nil)
    }

    @Test("a routing id round-trips")
    func routingIDRoundTrips() throws {
        let (_, socket) = try socket()
        try socket.setOption(.routingID, bytes("maker-7"))
        #expect(try socket.option(.routingID) == bytes("maker-7"))
    }

    @Test("timeouts, heartbeats and message size round-trip across their ranges")
    func millisecondOptionsRoundTrip() throws {
        let (_, socket) = try socket()
        let options: [(ZMQOption<Int?>, ClosedRange<Int>)] = [
            (.receiveTimeoutMs, 0...ZMQLimits.maxTimeoutMs), (.sendTimeoutMs, 0...ZMQLimits.maxTimeoutMs),
            (.heartbeatIntervalMs, 1...ZMQLimits.maxTimeoutMs), (.heartbeatTimeoutMs, 1...ZMQLimits.maxTimeoutMs),
            (.maxMessageBytes, 0...ZMQLimits.maxMessageBytes),
        ]
        for (index, (option, range)) in options.enumerated() {
            try seededCheck(seed: 0x2E40_0100 + UInt64(index), count: 20, Gen.int(in: range)) { value, caseIndex in
                try socket.setOption(option, value)
                #expect(try socket.option(option) == value, "option \(index) case \(caseIndex)")
            }
            try socket.setOption(option, nil)
            #expect(try socket.option(option) == nil)
        }
    }

    @Test("heartbeat TTL round-trips in whole deciseconds and refuses values libzmq would round")
    func heartbeatTTLIsExact() throws {
        let (_, socket) = try socket()
        try socket.setOption(.heartbeatTTLMs, 5_000)
        #expect(try socket.option(.heartbeatTTLMs) == 5_000)
        expectError(.invalidOption) { try socket.setOption(.heartbeatTTLMs, 150) }
        #expect(try socket.option(.heartbeatTTLMs) == 5_000)
    }

    @Test("flags, keepalive and ZAP domain round-trip")
    func flagsAndTextRoundTrip() throws {
        let (_, socket) = try socket()
        for flag in [ZMQOption<Bool>.immediate, .curveServer] {
            try socket.setOption(flag, true)
            #expect(try socket.option(flag) == true)
            try socket.setOption(flag, false)
            #expect(try socket.option(flag) == false)
        }
        #expect(try socket.option(.tcpKeepalive) == .systemDefault)
        for keepalive in ZMQTCPKeepalive.allCases {
            try socket.setOption(.tcpKeepalive, keepalive)
            #expect(try socket.option(.tcpKeepalive) == keepalive)
        }
        try socket.setOption(.zapDomain, "lodestone")
        #expect(try socket.option(.zapDomain) == "lodestone")
    }

    @Test("CURVE keys round-trip as their 32 bytes")
    func curveKeysRoundTrip() throws {
        let (_, socket) = try socket()
        let pair = try ZMQCurve.generateKeyPair()
        let server = try ZMQCurve.generateKeyPair()
        try socket.setOption(.curvePublicKey, pair.publicKey)
        try socket.setOption(.curveSecretKey, pair.secretKey)
        try socket.setOption(.curveServerKey, server.publicKey)
        #expect(try socket.option(.curvePublicKey) == pair.publicKey)
        #expect(try socket.option(.curveSecretKey) == pair.secretKey)
        #expect(try socket.option(.curveServerKey) == server.publicKey)
    }

    @Test("out-of-range values are invalid_option and leave the option unchanged")
    func invalidValuesChangeNothing() throws {
        let (_, socket) = try socket()
        try socket.setOption(.sendHighWaterMark, 7)
        let error = expectError(.invalidOption) { try socket.setOption(.sendHighWaterMark, 0) }
        #expect(error?.message == "sendHighWaterMark value must be in 1...\(ZMQLimits.maxHighWaterMark), got 0")
        expectError(.invalidOption) { try socket.setOption(.sendHighWaterMark, ZMQLimits.maxHighWaterMark + 1) }
        #expect(try socket.option(.sendHighWaterMark) == 7)
        expectError(.invalidOption) { try socket.setOption(.lingerMs, -2) }
        expectError(.invalidOption) { try socket.setOption(.receiveTimeoutMs, ZMQLimits.maxTimeoutMs + 1) }
        #expect(try socket.option(.lingerMs) == 0)
    }

    @Test("empty, zero-led and overlong routing ids and bad ZAP domains are invalid_option")
    func invalidBytesChangeNothing() throws {
        let (_, socket) = try socket()
        try socket.setOption(.routingID, bytes("kept"))
        for id in [[], [0, 1], [UInt8](repeating: 1, count: ZMQLimits.maxShortBytes + 1)] {
            expectError(.invalidOption) { try socket.setOption(.routingID, id) }
        }
        #expect(try socket.option(.routingID) == bytes("kept"))
        expectError(.invalidOption) { try socket.setOption(.zapDomain, "a\u{0}b") }
        expectError(.invalidOption) { try socket.setOption(.zapDomain, String(repeating: "d", count: 256)) }
    }

    @Test("router-mandatory is write-only and belongs to ROUTER sockets")
    func routerMandatoryAccess() throws {
        let (context, router) = try socket(.router)
        try router.setOption(.routerMandatory, true)
        expectError(.invalidOption) { try router.option(.routerMandatory) }
        let push = try ZMQSocket(context, type: .push)
        let error = expectError(.invalidOption) { try push.setOption(.routerMandatory, true) }
        #expect(error?.errnoText == "Invalid argument")
    }
}
