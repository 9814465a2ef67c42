import Dispatch

/// Monotonic nanoseconds, for latencies and pacing (never part of any state transition).
enum Monotonic {
    static func nowNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
