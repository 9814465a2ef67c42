import Primitives

/// Every failure of the ZeroMQ wrapper: a stable code in the 7xxx block, and when libzmq
/// reported it, the errno and its `zmq_strerror` text.
///
/// A would-block is not an error: sends report it as `ZMQSendOutcome.wouldBlock` and receives
/// return `nil`.
public struct ZMQError: CodedError, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Kind: UInt16, Sendable, CaseIterable {
        case contextTerminated = 7001
        case contextFailed = 7002
        case socketFailed = 7003
        case socketClosed = 7004
        case bindFailed = 7005
        case connectFailed = 7006
        case unbindFailed = 7007
        case disconnectFailed = 7008
        case sendFailed = 7009
        case receiveFailed = 7010
        case messageTooLarge = 7011
        case tooManyFrames = 7012
        case invalidOption = 7013
        case invalidArgument = 7014
        case pollFailed = 7015
        case interrupted = 7016
        case peerUnreachable = 7017
        case curveFailed = 7018
        case invalidZ85 = 7019

        /// Stable snake_case name.
        public var name: String {
            switch self {
            case .contextTerminated: "context_terminated"
            case .contextFailed: "context_failed"
            case .socketFailed: "socket_failed"
            case .socketClosed: "socket_closed"
            case .bindFailed: "bind_failed"
            case .connectFailed: "connect_failed"
            case .unbindFailed: "unbind_failed"
            case .disconnectFailed: "disconnect_failed"
            case .sendFailed: "send_failed"
            case .receiveFailed: "receive_failed"
            case .messageTooLarge: "message_too_large"
            case .tooManyFrames: "too_many_frames"
            case .invalidOption: "invalid_option"
            case .invalidArgument: "invalid_argument"
            case .pollFailed: "poll_failed"
            case .interrupted: "interrupted"
            case .peerUnreachable: "peer_unreachable"
            case .curveFailed: "curve_failed"
            case .invalidZ85: "invalid_z85"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// What the wrapper was doing, with the offending values.
    public let context: String
    /// The errno libzmq reported, or nil when the wrapper itself refused the input.
    public let errno: Int32?
    /// `zmq_strerror(errno)`, or nil when there is no errno.
    public let errnoText: String?

    /// Stable numeric code (7xxx).
    public var code: UInt16 { kind.rawValue }
    /// Stable snake_case name.
    public var name: String { kind.name }
    /// The context, followed by libzmq's explanation when there is one.
    public var message: String {
        guard let errno, let errnoText else { return context }
        return "\(context): \(errnoText) (errno \(errno))"
    }

    /// An error detected before calling libzmq (by the wrapper, or by a caller setting a
    /// socket up, such as a guard's limits).
    public init(_ kind: Kind, _ context: String) {
        self.kind = kind
        self.context = context
        self.errno = nil
        self.errnoText = nil
    }

    /// An error libzmq reported while doing `kind`. Errnos that mean the same thing whatever
    /// the call (terminated context, signal storm, unroutable peer) get their own kind, so
    /// callers can handle them in one place.
    init(_ kind: Kind, _ context: String, failure: LibZMQ.Failure) {
        self.kind = failure.isTerminated ? .contextTerminated
            : failure.isInterrupted ? .interrupted
            : failure.isHostUnreachable ? .peerUnreachable
            : kind
        self.context = context
        self.errno = failure.errno
        self.errnoText = failure.text
    }
}
