/// What one client connection of a `ZMTPGuard` may send and hold. Every value is checked
/// against a range (`invalid_limits` names the field); none is clamped.
///
/// Memory a guarded endpoint can be made to hold is bounded by `connectionsMax` times
/// (`messageBytesMax` for a NULL or PLAIN endpoint, `frameBytesMax` for CURVE) in libzmq,
/// plus `connectionsMax` times 2 x `bufferBytes` in the guard itself.
public struct ZMTPGuardLimits: Sendable, Hashable {
    /// Largest value `frameBytesMax` and `messageBytesMax` accept (libzmq's own ceiling here).
    public static let bytesCeiling = ZMQLimits.maxMessageBytes
    /// Range of `commandBytesMax`: a NULL READY or CURVE INITIATE with a 255-byte routing id
    /// fits the minimum.
    public static let commandBytesRange = 512...(1 << 20)
    /// Range of `connectionsMax` (each connection holds two descriptors and two buffers).
    public static let connectionsRange = 1...65_536
    /// The default `connectionsMax`.
    public static let defaultConnectionsMax = 1_024
    /// Range of `bufferBytes`, per direction and connection.
    public static let bufferBytesRange = 4_096...(4 << 20)
    /// Range of `connectTimeoutMs` and `drainTimeoutMs`.
    public static let timeoutMsRange = 1...60_000

    /// Most frames in one multipart message (NULL and PLAIN; 1 ... `ZMQLimits.maxFramesPerMessage`).
    public let framesPerMessageMax: Int
    /// Most bytes in one multipart message, all frames together (NULL and PLAIN).
    public let messageBytesMax: Int
    /// Most messages and commands one connection may send in its life, heartbeats aside; nil
    /// for no bound. For a socket whose peers' messages leave state behind in libzmq, such as
    /// an XPUB's subscriptions (kept per connection until it closes), this bounds that state.
    /// Under CURVE every frame counts as a message.
    public let messagesPerConnectionMax: Int?
    /// Largest message frame; under CURVE the largest plaintext inside a MESSAGE command.
    public let frameBytesMax: Int
    /// Largest command frame (READY, PING, SUBSCRIBE, CURVE handshake commands, ...).
    public let commandBytesMax: Int
    /// Most client connections at once; one more is accepted and closed at once.
    public let connectionsMax: Int
    /// Buffer per direction and connection; a full buffer stops reading that side. It also
    /// caps the kernel's buffers on the server-to-client path (the client socket's send buffer,
    /// the inner socket's receive buffer), so what a client that does not read can hold
    /// outside libzmq's high-water mark stays near this.
    public let bufferBytes: Int
    /// How long the connection to the inner endpoint may take before the client is dropped.
    public let connectTimeoutMs: Int
    /// How long a connection half-closed by one side may take to flush the other way.
    public let drainTimeoutMs: Int

    /// Limits from named values; see each field for its range. `frameBytesMax` must not
    /// exceed `messageBytesMax` (a frame is part of a message).
    public init(
        framesPerMessageMax: Int = 64, messageBytesMax: Int = 1 << 20, frameBytesMax: Int = 1 << 20,
        commandBytesMax: Int = 4_096, connectionsMax: Int = defaultConnectionsMax, bufferBytes: Int = 128 << 10,
        connectTimeoutMs: Int = 2_000, drainTimeoutMs: Int = 2_000, messagesPerConnectionMax: Int? = nil
    ) throws(ZMTPGuardError) {
        if let messagesPerConnectionMax { try Self.check("messagesPerConnectionMax", messagesPerConnectionMax, 1...Int.max) }
        try Self.check("framesPerMessageMax", framesPerMessageMax, 1...ZMQLimits.maxFramesPerMessage)
        try Self.check("messageBytesMax", messageBytesMax, 0...Self.bytesCeiling)
        try Self.check("frameBytesMax", frameBytesMax, 0...Self.bytesCeiling)
        try Self.check("commandBytesMax", commandBytesMax, Self.commandBytesRange)
        try Self.check("connectionsMax", connectionsMax, Self.connectionsRange)
        try Self.check("bufferBytes", bufferBytes, Self.bufferBytesRange)
        try Self.check("connectTimeoutMs", connectTimeoutMs, Self.timeoutMsRange)
        try Self.check("drainTimeoutMs", drainTimeoutMs, Self.timeoutMsRange)
        guard frameBytesMax <= messageBytesMax else {
            throw ZMTPGuardError(.invalidLimits, "frameBytesMax (\(frameBytesMax)) must not exceed messageBytesMax (\(messageBytesMax))")
        }
        self.framesPerMessageMax = framesPerMessageMax
        self.messageBytesMax = messageBytesMax
        self.frameBytesMax = frameBytesMax
        self.commandBytesMax = commandBytesMax
        self.connectionsMax = connectionsMax
        self.bufferBytes = bufferBytes
        self.connectTimeoutMs = connectTimeoutMs
        self.drainTimeoutMs = drainTimeoutMs
        self.messagesPerConnectionMax = messagesPerConnectionMax
    }

    private static func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws(ZMTPGuardError) {
        guard range.contains(value) else {
            throw ZMTPGuardError(.invalidLimits, "\(field) must be \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }
}
