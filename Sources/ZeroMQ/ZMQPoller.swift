/// Readiness of a socket: what a poll waits for and what it reports.
public struct ZMQPollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    /// Creates events from their raw bits.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A whole message can be received without waiting.
    public static let readable = ZMQPollEvents(rawValue: 1 << 0)
    /// A message can be sent without waiting.
    public static let writable = ZMQPollEvents(rawValue: 1 << 1)
}

/// Waits on several sockets at once (zmq_poll).
///
/// Registration order is the index of each socket in the poll's result. The poller holds its
/// sockets, and uses them during `poll`, so it follows their one-thread-at-a-time rule.
public struct ZMQPoller: Sendable {
    private var sockets: [ZMQSocket] = []
    private var interests: [ZMQPollEvents] = []

    /// An empty poller.
    public init() {}

    /// How many sockets are registered.
    public var count: Int { sockets.count }

    /// Watches `socket` for `interest` (not empty) and returns its index in poll results.
    /// At most `ZMQLimits.maxPollItems` sockets.
    @discardableResult
    public mutating func register(_ socket: ZMQSocket, for interest: ZMQPollEvents) throws(ZMQError) -> Int {
        guard !interest.isEmpty, interest.isSubset(of: [.readable, .writable]) else {
            throw ZMQError(.invalidArgument, "poll interest must be readable, writable or both, got \(interest.rawValue)")
        }
        guard sockets.count < ZMQLimits.maxPollItems else {
            throw ZMQError(.invalidArgument, "a poller watches at most \(ZMQLimits.maxPollItems) sockets")
        }
        sockets.append(socket)
        interests.append(interest)
        return sockets.count - 1
    }

    /// Waits up to `timeoutMs` (0 ... `ZMQLimits.maxTimeoutMs`; 0 only checks) until some
    /// socket is ready, and returns each socket's ready events in registration order; all
    /// empty means the time ran out.
    public func poll(timeoutMs: Int) throws(ZMQError) -> [ZMQPollEvents] {
        guard (0...ZMQLimits.maxTimeoutMs).contains(timeoutMs) else {
            throw ZMQError(.invalidArgument, "poll timeoutMs must be 0...\(ZMQLimits.maxTimeoutMs), got \(timeoutMs)")
        }
        guard !sockets.isEmpty else { throw ZMQError(.invalidArgument, "poll needs at least one socket") }
        var items: [LibZMQ.PollItem] = []
        for (socket, interest) in zip(sockets, interests) {
            items.append(LibZMQ.PollItem(socket: try socket.openPointer("poll"), events: interest))
        }
        switch LibZMQ.poll(items, timeoutMs: timeoutMs) {
        case .failure(let failure): throw ZMQError(.pollFailed, "poll \(items.count) sockets", failure: failure)
        case .success(let events): return events
        }
    }
}
