import Testing
@testable import ZeroMQ

@Suite("ZMTPStreamParser")
struct ZMTPStreamParserTests {
    /// Feeds `bytes` in chunks of `chunk` bytes and returns the first violation.
    private func verdict(_ bytes: [UInt8], limits: ZMTPGuardLimits, chunk: Int = Int.max) -> ZMTPGuardDisconnect? {
        var parser = ZMTPStreamParser(limits: limits)
        var start = 0
        while start < bytes.count {
            let end = start + Swift.min(chunk, bytes.count - start)
            if let violation = parser.consume(bytes, start..<end) { return violation }
            start = end
        }
        return nil
    }

    /// The verdict must not depend on how the stream is split: whole, byte by byte, odd chunks.
    private func expectVerdict(
        _ expected: ZMTPGuardDisconnect?, _ bytes: [UInt8], limits: ZMTPGuardLimits, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for chunk in [Int.max, 1, 3, 7, 64] {
            #expect(verdict(bytes, limits: limits, chunk: chunk) == expected, "chunk \(chunk)", sourceLocation: sourceLocation)
        }
    }

    @Test("a NULL handshake and messages within every limit pass, however the stream is split")
    func validStreamPasses() throws {
        let limits = try tightLimits()
        let message = ZMTPBytes.frame(Array(repeating: 1, count: 1_024), more: true) + ZMTPBytes.frame([2, 3]) + ZMTPBytes.frame([])
        expectVerdict(nil, ZMTPBytes.nullHandshake() + message + message, limits: limits)
    }

    @Test("a message may reach framesPerMessageMax and messageBytesMax exactly; counts restart after the last frame")
    func limitsAreInclusiveAndPerMessage() throws {
        let limits = try tightLimits(framesPerMessageMax: 4, messageBytesMax: 4_096, frameBytesMax: 1_024)
        let fourFrames = (0..<4).flatMap { ZMTPBytes.frame(Array(repeating: 0, count: 1_024), more: $0 < 3) }
        expectVerdict(nil, ZMTPBytes.nullHandshake() + fourFrames + fourFrames, limits: limits)
    }

    @Test("MORE frames past messageBytesMax, each under frameBytesMax, are refused at the header that passes it")
    func messageBytesRefused() throws {
        let limits = try tightLimits(framesPerMessageMax: 64, messageBytesMax: 4_096, frameBytesMax: 1_024)
        let prefix = ZMTPBytes.nullHandshake() + (0..<4).flatMap { _ in ZMTPBytes.frame(Array(repeating: 0, count: 1_024), more: true) }
        // Only the header of the fifth frame: the verdict must come before its body exists.
        expectVerdict(.messageTooLarge, prefix + ZMTPBytes.header(size: 1, more: true), limits: limits)
        expectVerdict(nil, prefix + ZMTPBytes.frame([], more: true), limits: limits)
    }

    @Test("one frame past framesPerMessageMax is refused, even when every frame is empty")
    func tooManyFramesRefused() throws {
        let limits = try tightLimits(framesPerMessageMax: 8)
        let eight = (0..<8).flatMap { _ in ZMTPBytes.frame([], more: true) }
        expectVerdict(nil, ZMTPBytes.nullHandshake() + eight, limits: limits)
        expectVerdict(.tooManyFrames, ZMTPBytes.nullHandshake() + eight + ZMTPBytes.frame([]), limits: limits)
    }

    @Test("a frame over frameBytesMax is refused at its 8-byte size, with no body sent")
    func oversizedFrameRefused() throws {
        let limits = try tightLimits(frameBytesMax: 1_024)
        expectVerdict(.frameTooLarge, ZMTPBytes.nullHandshake() + ZMTPBytes.header(size: 1_025), limits: limits)
        expectVerdict(.frameTooLarge, ZMTPBytes.nullHandshake() + ZMTPBytes.header(size: UInt64.max), limits: limits)
        expectVerdict(nil, ZMTPBytes.nullHandshake() + ZMTPBytes.header(size: 1_024, long: true), limits: limits)
    }

    @Test("a command over commandBytesMax is refused; a command is not counted as a message frame")
    func commandLimit() throws {
        let limits = try tightLimits(framesPerMessageMax: 1)
        let ping = ZMTPBytes.frame([4] + Array("PING".utf8) + [0, 10], command: true)
        expectVerdict(nil, ZMTPBytes.nullHandshake() + ZMTPBytes.frame([1]) + ping + ping + ZMTPBytes.frame([2]), limits: limits)
        expectVerdict(.commandTooLarge, ZMTPBytes.nullHandshake() + ZMTPBytes.header(size: 513, command: true), limits: limits)
    }

    @Test("messagesPerConnectionMax counts whole messages and commands (READY, SUBSCRIBE) over a connection's life, never heartbeats")
    func messagesPerConnection() throws {
        // READY is the first of the five; a three-frame message counts once.
        let limits = try tightLimits(messagesPerConnectionMax: 5)
        let subscribe = ZMTPBytes.frame([9] + Array("SUBSCRIBE".utf8) + Array("l2.BTC-USDT".utf8), command: true)
        let ping = ZMTPBytes.frame([4] + Array("PING".utf8) + [0, 10], command: true)
        let pong = ZMTPBytes.frame([4] + Array("PONG".utf8), command: true)
        let message = ZMTPBytes.frame([1], more: true) + ZMTPBytes.frame([2], more: true) + ZMTPBytes.frame([3])
        let four = subscribe + message + ping + pong + ZMTPBytes.frame([]) + subscribe
        expectVerdict(nil, ZMTPBytes.nullHandshake() + four, limits: limits)
        expectVerdict(.tooManyMessages, ZMTPBytes.nullHandshake() + four + ping + subscribe, limits: limits)
        expectVerdict(.tooManyMessages, ZMTPBytes.nullHandshake() + four + ZMTPBytes.frame([4]), limits: limits)
        expectVerdict(nil, ZMTPBytes.nullHandshake() + four + four + four, limits: try tightLimits())
    }

    @Test("reserved flag bits and MORE on a command are refused")
    func reservedFlagsRefused() throws {
        let limits = try tightLimits()
        for flags: UInt8 in [0x08, 0x10, 0x80, 0x05] {
            expectVerdict(.reservedFlags, ZMTPBytes.nullHandshake() + [flags, 0], limits: limits)
        }
    }

    @Test("greetings: a bad signature, ZMTP 1 or 2, and an unknown or unpadded mechanism are refused")
    func badGreetingsRefused() throws {
        let limits = try tightLimits()
        expectVerdict(.badGreeting, Array("GET / HTTP/1.1\r\n\r\n".utf8), limits: limits)
        var badEnd = ZMTPBytes.greeting()
        badEnd[9] = 0x7E
        expectVerdict(.badGreeting, badEnd, limits: limits)
        expectVerdict(.unsupportedVersion, ZMTPBytes.greeting(major: 2), limits: limits)
        expectVerdict(.unsupportedVersion, ZMTPBytes.greeting(major: 1), limits: limits)
        expectVerdict(.unknownMechanism, ZMTPBytes.greeting(mechanism: "GSSAPI"), limits: limits)
        expectVerdict(.unknownMechanism, ZMTPBytes.greeting(mechanism: "NULL\u{0}X"), limits: limits)
        expectVerdict(nil, ZMTPBytes.greeting(major: 3, minor: 1), limits: limits)
        expectVerdict(nil, ZMTPBytes.greeting(mechanism: "PLAIN"), limits: limits)
    }

    @Test("under CURVE a MESSAGE (data frame or command) may carry frameBytesMax plus its overhead, no more")
    func curveBoundsEachFrame() throws {
        let limits = try tightLimits(frameBytesMax: 1_024)
        let greeting = ZMTPBytes.greeting(mechanism: "CURVE")
        let largest = UInt64(1_024 + ZMTPStreamParser.curveMessageOverhead)
        expectVerdict(nil, greeting + ZMTPBytes.header(size: largest, command: true), limits: limits)
        expectVerdict(.commandTooLarge, greeting + ZMTPBytes.header(size: largest + 1, command: true), limits: limits)
        // libzmq's own form: MESSAGE boxes as data frames, outer MORE meaningless, never counted.
        let boxes = (0..<100).flatMap { _ in ZMTPBytes.header(size: largest, more: true) + Array(repeating: 0, count: Int(largest)) }
        expectVerdict(nil, greeting + boxes, limits: limits)
        expectVerdict(.frameTooLarge, greeting + ZMTPBytes.header(size: largest + 1), limits: limits)
        var parser = ZMTPStreamParser(limits: limits)
        #expect(parser.consume(greeting, 0..<64) == nil)
        #expect(parser.mechanism == .curve)
    }
}
