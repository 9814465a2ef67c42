import Foundation

/// Where the node reads the time for block timestamps and its block schedule. Injected so
/// tests can drive time instead of waiting for it.
public protocol NodeClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMs() -> UInt64
}

/// The machine's wall clock.
public struct SystemClock: NodeClock {
    public init() {}

    public func nowMs() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1_000))
    }
}
