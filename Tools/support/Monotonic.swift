import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Monotonic nanoseconds, for latencies and pacing (never part of any state transition).
public enum Monotonic {
    public static func nowNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// CPU time this process used, on all its threads: what a benchmark costs on a busy machine,
/// where wall time also counts the other processes' turns.
public enum ProcessCPU {
    public static func nowNs() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
