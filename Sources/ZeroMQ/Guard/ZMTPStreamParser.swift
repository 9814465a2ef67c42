/// Follows a client's byte stream as ZMTP 3.x (RFC 23/37) and reports the first byte that
/// breaks the protocol or a `ZMTPGuardLimits` bound.
///
/// Streaming: it keeps a few integers of state, reads only greeting and frame-header bytes,
/// and skips frame bodies by arithmetic, so bytes can arrive split anywhere. Sizes are
/// judged at the frame header, before libzmq (which allocates a frame whole when it reads the
/// header) could see the frame.
///
/// NULL and PLAIN carry message frames in the clear, so the parser tracks MORE and bounds
/// frames and bytes per multipart message. CURVE puts every message frame, and its MORE flag,
/// inside an encrypted MESSAGE box (libzmq 4.3 sends it as a data frame; RFC 26 as a command),
/// so there only sizes are bounded: a MESSAGE may carry `frameBytesMax` plus its overhead, a
/// command `commandBytesMax` (or that MESSAGE bound, if larger).
struct ZMTPStreamParser {
    /// Length of the ZMTP 3 greeting.
    static let greetingBytes = 64
    /// A CURVE MESSAGE command around a frame: name (8), nonce (8), MAC (16), flags (1).
    static let curveMessageOverhead = 33

    private static let moreFlag: UInt8 = 0x01
    private static let longFlag: UInt8 = 0x02
    private static let commandFlag: UInt8 = 0x04
    private static let mechanismRange = 12..<32

    private enum Phase {
        case greeting, flags, shortSize, longSize, body
    }

    /// The security mechanism a client names in its greeting.
    enum Mechanism: Equatable {
        case null, plain, curve
    }

    private let limits: ZMTPGuardLimits
    private var phase = Phase.greeting
    private var greetingOffset = 0
    private var mechanismName: [UInt8] = []
    /// The mechanism, once the greeting named it.
    private(set) var mechanism: Mechanism?
    private var commandBytesMax: UInt64
    private var flags: UInt8 = 0
    private var sizeBytesLeft = 0
    private var size: UInt64 = 0
    private var bodyBytesLeft: UInt64 = 0
    /// Frames and bytes of the multipart message under way (NULL and PLAIN).
    private(set) var framesInMessage = 0
    private(set) var messageBytes: UInt64 = 0
    /// Messages and commands (PING and PONG aside) the client has sent on this connection.
    private(set) var messagesSent = 0
    /// The first bytes of the command under way (its name's length and name), to tell a
    /// heartbeat from a command that leaves state behind, such as SUBSCRIBE.
    private var commandHead: [UInt8] = []
    private var capturingCommand = false
    /// Bytes of a command body that name it: a length byte, then up to four name bytes.
    private static let commandHeadBytes = 5

    init(limits: ZMTPGuardLimits) {
        self.limits = limits
        commandBytesMax = UInt64(limits.commandBytesMax)
        mechanismName.reserveCapacity(Self.mechanismRange.count)
    }

    /// Follows `bytes[range]`, the next bytes of the stream. Returns the violation at the
    /// first offending byte (the parser is then spent: the connection must close), or nil.
    mutating func consume(_ bytes: [UInt8], _ range: Range<Int>) -> ZMTPGuardDisconnect? {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            switch phase {
            case .body where capturingCommand:
                while index < end, bodyBytesLeft > 0, commandHead.count < Self.commandHeadBytes {
                    commandHead.append(bytes[index])
                    index += 1
                    bodyBytesLeft -= 1
                }
                if commandHead.count == Self.commandHeadBytes || bodyBytesLeft == 0 {
                    capturingCommand = false
                    if !Self.isHeartbeat(commandHead), let violation = countMessage() { return violation }
                }
                if bodyBytesLeft == 0 { phase = .flags }
            case .body:
                let skipped = Swift.min(bodyBytesLeft, UInt64(end - index))
                index += Int(skipped)
                bodyBytesLeft -= skipped
                if bodyBytesLeft == 0 { phase = .flags }
            case .flags:
                flags = bytes[index]
                index += 1
                // Bits 3...7 are reserved, and a command is never part of a multipart message.
                guard flags & 0xF8 == 0, flags & (Self.commandFlag | Self.moreFlag) != (Self.commandFlag | Self.moreFlag) else {
                    return .reservedFlags
                }
                size = 0
                sizeBytesLeft = flags & Self.longFlag != 0 ? 8 : 1
                phase = sizeBytesLeft == 8 ? .longSize : .shortSize
            case .shortSize, .longSize:
                size = size << 8 | UInt64(bytes[index])
                index += 1
                sizeBytesLeft -= 1
                if sizeBytesLeft == 0, let violation = admitFrame() { return violation }
            case .greeting:
                if let violation = greetingByte(bytes[index]) { return violation }
                index += 1
            }
        }
        return nil
    }

    /// Checks one greeting byte at `greetingOffset`: signature 0xFF ... 0x7F, major version
    /// at 10, mechanism name at 12..<32 (NUL-padded); the rest is not judged.
    private mutating func greetingByte(_ byte: UInt8) -> ZMTPGuardDisconnect? {
        let offset = greetingOffset
        greetingOffset += 1
        switch offset {
        case 0: guard byte == 0xFF else { return .badGreeting }
        case 9: guard byte == 0x7F else { return .badGreeting }
        case 10: guard byte >= 3 else { return .unsupportedVersion }
        case Self.mechanismRange:
            mechanismName.append(byte)
            if offset == Self.mechanismRange.upperBound - 1 {
                guard let named = Self.mechanism(named: mechanismName) else { return .unknownMechanism }
                mechanism = named
                if named == .curve {
                    commandBytesMax = UInt64(Swift.max(limits.commandBytesMax, limits.frameBytesMax + Self.curveMessageOverhead))
                }
            }
        default: break
        }
        if greetingOffset == Self.greetingBytes { phase = .flags }
        return nil
    }

    private static func mechanism(named padded: [UInt8]) -> Mechanism? {
        let name = padded.prefix { $0 != 0 }
        guard padded.dropFirst(name.count).allSatisfy({ $0 == 0 }) else { return nil }
        switch String(decoding: name, as: UTF8.self) {
        case "NULL": return .null
        case "PLAIN": return .plain
        case "CURVE": return .curve
        default: return nil
        }
    }

    /// Judges the frame whose header just ended, before any of its body passes.
    private mutating func admitFrame() -> ZMTPGuardDisconnect? {
        if flags & Self.commandFlag != 0 {
            guard size <= commandBytesMax else { return .commandTooLarge }
            commandHead.removeAll(keepingCapacity: true)
            capturingCommand = size > 0
            if size == 0, let violation = countMessage() { return violation }
        } else if mechanism == .curve {
            // libzmq sends each encrypted MESSAGE as a data frame whose outer flags say nothing
            // about the message; only its size can be judged, and each frame counts as a message.
            guard size <= UInt64(limits.frameBytesMax + Self.curveMessageOverhead) else { return .frameTooLarge }
            if let violation = countMessage() { return violation }
        } else {
            guard size <= UInt64(limits.frameBytesMax) else { return .frameTooLarge }
            framesInMessage += 1
            guard framesInMessage <= limits.framesPerMessageMax else { return .tooManyFrames }
            // size <= frameBytesMax <= 256 MiB, so the sum cannot overflow.
            messageBytes += size
            guard messageBytes <= UInt64(limits.messageBytesMax) else { return .messageTooLarge }
            if flags & Self.moreFlag == 0 {
                framesInMessage = 0
                messageBytes = 0
                if let violation = countMessage() { return violation }
            }
        }
        bodyBytesLeft = size
        phase = size == 0 ? .flags : .body
        return nil
    }

    /// Counts one whole message or command against `messagesPerConnectionMax`.
    private mutating func countMessage() -> ZMTPGuardDisconnect? {
        messagesSent += 1
        guard let max = limits.messagesPerConnectionMax, messagesSent > max else { return nil }
        return .tooManyMessages
    }

    /// Whether a command's head names PING or PONG (ZMTP 3.1 heartbeats leave nothing behind).
    private static func isHeartbeat(_ head: [UInt8]) -> Bool {
        head.count == commandHeadBytes && head[0] == 4 && (head[1...4].elementsEqual("PING".utf8) || head[1...4].elementsEqual("PONG".utf8))
    }
}
