import Synchronization

/// Counts one thread adds to and any thread reads (status, logs, tests), so that overload is
/// never silent: a value type of counts behind one lock. The gateway's (`GatewayCounters`),
/// the feeds' and the raw intake's (`IntakeCounters`) are each one of these.
public final class SharedCounters<Values: Sendable>: Sendable {
    private let values: Mutex<Values>

    /// Counters starting at `initial`.
    public init(_ initial: Values) {
        values = Mutex(initial)
    }

    /// The counts now.
    public var current: Values { values.withLock { $0 } }

    /// Adds one to `field`.
    public func count<Count: FixedWidthInteger>(_ field: WritableKeyPath<Values, Count>) {
        values.withLock { $0[keyPath: field] += 1 }
    }

    /// Changes several counts under the lock at once.
    public func add(_ change: (inout Values) -> Void) {
        values.withLock { change(&$0) }
    }
}
