import Gateway

/// What the raw intake refused or could not read, counted so overload is never silent; read
/// from any thread (status, tests).
public typealias IntakeCounters = SharedCounters<IntakeCounts>

/// The raw intake's counts at one moment.
public struct IntakeCounts: Sendable, Equatable, Codable {
    /// Requests refused because their client was over its own rate (`intake_rate_limited`).
    public var rateLimited = 0
    /// Requests refused because the intake as a whole was over its total rate
    /// (`intake_rate_limited`, too).
    public var totalRateLimited = 0
    /// Requests refused because the signature stage's intake lane was full (`intake_busy`).
    public var busy = 0
    /// Messages that could not be read at all (too large, too many frames): dropped.
    public var unreadable = 0
    /// Messages read but refused as malformed (frames, type, payload).
    public var malformed = 0
    /// Status queries answered.
    public var statusAnswered = 0
    /// Replies dropped because their client was gone or had `IntakeSockets.clientRepliesMax`
    /// replies unread.
    public var repliesDropped = 0

    /// Every count at 0.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case rateLimited = "rate_limited"
        case totalRateLimited = "total_rate_limited"
        case busy
        case unreadable
        case malformed
        case statusAnswered = "status_answered"
        case repliesDropped = "replies_dropped"
    }
}
