import Synchronization

/// Wakes a thread blocked in `ZMQPoller.poll` when another thread has handed it work: an
/// inproc PUSH → PULL pair, the PULL end registered in the waiting thread's poller.
///
/// `signal()` may be called from any thread (the PUSH end is used under a lock). Signals
/// coalesce: while one wake is pending (sent and not yet `consume`d) further signals send
/// nothing, so a burst of hand-offs costs one message. The waiting thread calls `consume()`
/// when the PULL end is readable and only then looks at the handed-over work: a signal after
/// that look sends a fresh wake, so no hand-off is missed.
public final class ZMQWake: Sendable {
    /// Wake messages queued at once; with coalescing at most a few are ever in flight.
    static let queuedMax = 16
    /// Names each pair's inproc endpoint apart within the process.
    private static let serial = Atomic<UInt64>(0)

    /// The end the waiting thread registers for `.readable` and drains with `consume()`; owned
    /// by that thread.
    public let receiver: ZMQSocket
    private let sender: Mutex<ZMQSocket>
    private let pending = Atomic<Bool>(false)
    private let signals = Atomic<UInt64>(0)

    /// A connected pair in `context`.
    public init(_ context: ZMQContext) throws(ZMQError) {
        let endpoint = "inproc://lodestone-wake-\(Self.serial.add(1, ordering: .relaxed).newValue)"
        let receiver = try ZMQSocket(context, type: .pull)
        try receiver.setOption(.receiveHighWaterMark, Self.queuedMax)
        try receiver.bind(endpoint)
        let sender = try ZMQSocket(context, type: .push)
        try sender.setOption(.sendHighWaterMark, Self.queuedMax)
        try sender.connect(endpoint)
        self.receiver = receiver
        self.sender = Mutex(sender)
    }

    /// Wakes sent so far (signals that found one pending send nothing and are not counted).
    public var wakesSent: UInt64 { signals.load(ordering: .relaxed) }

    /// Wakes the waiting thread unless a wake is already pending; never blocks. Call it after
    /// handing the work over.
    public func signal() {
        guard !pending.exchange(true, ordering: .sequentiallyConsistent) else { return }
        signals.add(1, ordering: .relaxed)
        sender.withLock { sender in
            // A full queue already holds wakes the receiver has not read, so nothing is lost.
            _ = try? sender.send([], .dontWait)
        }
    }

    /// Clears the pending wake and reads the queued wake messages; call it on the waiting
    /// thread before looking at the handed-over work.
    public func consume() throws(ZMQError) {
        pending.store(false, ordering: .sequentiallyConsistent)
        let limits = try ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: 0)
        for _ in 0..<Self.queuedMax {
            guard try receiver.receive(limits: limits, .dontWait) != nil else { return }
        }
    }

    /// Closes both ends; further signals send nothing.
    public func close() {
        sender.withLock { $0.close() }
        receiver.close()
    }
}
