import Dispatch

/// Monotonic nanoseconds, for latencies and pacing (never part of any state transition).
public enum Monotonic {
    public static func nowNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
