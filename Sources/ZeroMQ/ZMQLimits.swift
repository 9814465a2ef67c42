/// Upper bounds on everything the wrapper accepts, so no input can ask for unbounded memory,
/// time or work. Values past a bound are rejected with a typed error, never clamped.
public enum ZMQLimits {
    /// Most I/O threads one context may run; a gateway needs one or two.
    public static let maxIOThreads = 16
    /// Most sockets one context may hold (libzmq's own default is 1023).
    public static let maxSocketsPerContext = 65_536
    /// Longest endpoint string, in UTF-8 bytes (`tcp://[ipv6]:port` fits many times over).
    public static let maxEndpointBytes = 256
    /// Most frames one message may carry, on send and as a ceiling for receive limits.
    public static let maxFramesPerMessage = 1_024
    /// Largest message, all frames together, in bytes (also the ceiling for `maxMessageBytes`).
    public static let maxMessageBytes = 256 << 20
    /// Largest high-water mark, in messages.
    public static let maxHighWaterMark = 10_000_000
    /// Longest timeout or linger accepted anywhere, in milliseconds (one hour).
    public static let maxTimeoutMs = 3_600_000
    /// Most sockets one poller watches.
    public static let maxPollItems = 256
    /// Longest subscription prefix, routing id or ZAP domain, in bytes (libzmq caps ids at 255).
    public static let maxShortBytes = 255
    /// Largest input to a Z85 encode or decode, in bytes.
    public static let maxZ85Bytes = 1 << 20
    /// How often a blocking call interrupted by a signal (EINTR) is retried before it fails
    /// with `interrupted`; a signal storm must not turn into an endless loop.
    public static let maxInterruptRetries = 64
}
