/// Why a `ZMTPGuard` ended a client connection. The first nine are violations: the client
/// broke ZMTP or a limit, and both of its connections were reset at once.
public enum ZMTPGuardDisconnect: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// The greeting's signature is not 0xFF, 8 bytes, 0x7F (not ZMTP 3, or not ZMTP at all).
    case badGreeting
    /// The greeting's major version is below 3 (ZMTP 1.0 or 2.0).
    case unsupportedVersion
    /// The greeting names a mechanism other than NULL, PLAIN or CURVE.
    case unknownMechanism
    /// A frame's flags set a reserved bit, or MORE on a command.
    case reservedFlags
    /// A message frame over `frameBytesMax`.
    case frameTooLarge
    /// A command over `commandBytesMax` (under CURVE: over the MESSAGE bound as well).
    case commandTooLarge
    /// A multipart message past `framesPerMessageMax` frames.
    case tooManyFrames
    /// A multipart message past `messageBytesMax` bytes.
    case messageTooLarge
    /// More messages and commands on one connection than `messagesPerConnectionMax`.
    case tooManyMessages
    /// The client closed its connection (the other way was flushed first).
    case clientClosed
    /// The inner socket closed its connection (the other way was flushed first).
    case innerClosed
    /// A read or write failed (reset, broken pipe, ...).
    case connectionFailed
    /// The inner endpoint refused the connection or did not answer in `connectTimeoutMs`.
    case innerUnreachable
    /// A half-closed connection did not finish flushing within `drainTimeoutMs`.
    case drainTimedOut
    /// The guard stopped.
    case guardStopped

    /// Whether the client broke ZMTP or a limit (the connection was reset, not closed).
    public var isViolation: Bool { rawValue <= Self.tooManyMessages.rawValue }

    /// Stable snake_case name, as in counters and logs.
    public var description: String {
        switch self {
        case .badGreeting: "bad_greeting"
        case .unsupportedVersion: "unsupported_version"
        case .unknownMechanism: "unknown_mechanism"
        case .reservedFlags: "reserved_flags"
        case .frameTooLarge: "frame_too_large"
        case .commandTooLarge: "command_too_large"
        case .tooManyFrames: "too_many_frames"
        case .messageTooLarge: "message_too_large"
        case .tooManyMessages: "too_many_messages"
        case .clientClosed: "client_closed"
        case .innerClosed: "inner_closed"
        case .connectionFailed: "connection_failed"
        case .innerUnreachable: "inner_unreachable"
        case .drainTimedOut: "drain_timed_out"
        case .guardStopped: "guard_stopped"
        }
    }
}
