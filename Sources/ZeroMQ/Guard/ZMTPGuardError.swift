import Primitives

/// Why a `ZMTPGuard` could not start: a stable code in 7051–7059 (the ZeroMQ block, next to
/// the wrapper's 70xx), and the errno when the operating system refused a call.
public struct ZMTPGuardError: CodedError, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Kind: UInt16, Sendable, CaseIterable {
        /// An endpoint is not `tcp://<ipv4>:<port>` or `ipc://<path>`, or breaks a rule of its role.
        case invalidEndpoint = 7051
        /// A limit is outside its range, or the limits contradict each other.
        case invalidLimits = 7052
        /// The public endpoint could not be bound or listened on (in use, no permission, ...).
        case bindFailed = 7053
        /// The guard's poller, wake-up descriptor or thread could not be made.
        case systemFailed = 7054

        /// Stable snake_case name.
        public var name: String {
            switch self {
            case .invalidEndpoint: "invalid_endpoint"
            case .invalidLimits: "invalid_limits"
            case .bindFailed: "bind_failed"
            case .systemFailed: "system_failed"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// What the guard was doing, with the offending values.
    public let context: String
    /// The errno the system reported, or nil when the guard refused the input itself.
    public let errno: Int32?

    /// Stable numeric code (705x).
    public var code: UInt16 { kind.rawValue }
    /// Stable snake_case name.
    public var name: String { kind.name }
    /// The context, followed by the system's explanation when there is one.
    public var message: String {
        guard let errno else { return context }
        return "\(context): \(POSIXSocket.errorText(errno)) (errno \(errno))"
    }

    init(_ kind: Kind, _ context: String, errno: Int32? = nil) {
        self.kind = kind
        self.context = context
        self.errno = errno
    }
}
