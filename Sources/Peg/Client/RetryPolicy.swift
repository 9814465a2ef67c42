import Foundation

/// Where the peg reads the time and waits: injected so tests drive the backoff schedule
/// instead of sleeping through it.
public protocol PegClock: Sendable {
    /// Milliseconds since an arbitrary fixed point (monotonic for the system clock).
    func nowMs() -> UInt64
    /// Waits `milliseconds`.
    func sleep(milliseconds: UInt64)
}

/// The machine's monotonic clock and a real sleep.
public struct SystemPegClock: PegClock {
    public init() {}

    public func nowMs() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds / 1_000_000
    }

    public func sleep(milliseconds: UInt64) {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
    }
}

/// Exponential backoff for the transport's failures: attempt 1 runs at once; after failed
/// attempt k (1-based) the policy waits `initialDelayMs · multiplier^(k−1)`, capped at
/// `delayCapMs`, and gives up after `attemptsMax` attempts with the last error. Errors that
/// are not `isRetryable` (a remote refusal, not-found) end the loop at once: asking again
/// would get the same answer, and a submit refused twice is still refused.
///
/// No jitter: one member talks to one main-chain node, so there is no herd to spread, and a
/// fixed schedule is what the tests assert.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts one policy allows (a bound on a call's total wait).
    public static let attemptsMaxLimit = 64
    /// The longest single backoff a policy may ask for: ten minutes.
    public static let delayCapMsLimit: UInt64 = 600_000

    /// Attempts in all, the first included (1 = never retry).
    public let attemptsMax: Int
    /// The wait after the first failure.
    public let initialDelayMs: UInt64
    /// How much longer each next wait is.
    public let multiplier: UInt64
    /// The longest wait.
    public let delayCapMs: UInt64

    /// A policy; fails when a value is outside its bounds.
    public init(attemptsMax: Int, initialDelayMs: UInt64, multiplier: UInt64 = 2, delayCapMs: UInt64) throws(MainChainClientError) {
        guard (1...Self.attemptsMaxLimit).contains(attemptsMax) else {
            throw .socketFailed(detail: "retry attemptsMax must be 1...\(Self.attemptsMaxLimit), got \(attemptsMax)")
        }
        guard multiplier >= 1, initialDelayMs <= delayCapMs, delayCapMs <= Self.delayCapMsLimit else {
            throw .socketFailed(
                detail:
                    "retry needs multiplier ≥ 1 and initialDelayMs ≤ delayCapMs ≤ \(Self.delayCapMsLimit), got \(multiplier), \(initialDelayMs), \(delayCapMs)"
            )
        }
        self.attemptsMax = attemptsMax
        self.initialDelayMs = initialDelayMs
        self.multiplier = multiplier
        self.delayCapMs = delayCapMs
    }

    /// Four attempts waiting 200, 400 and 800 ms between them.
    public static let standard = try! RetryPolicy(attemptsMax: 4, initialDelayMs: 200, delayCapMs: 5_000)
    /// One attempt, no retry.
    public static let once = try! RetryPolicy(attemptsMax: 1, initialDelayMs: 0, delayCapMs: 0)

    /// The wait after failed attempt `attempt` (1-based), capped; saturates instead of overflowing.
    public func delayMs(afterAttempt attempt: Int) -> UInt64 {
        precondition(attempt >= 1, "attempts count from 1")
        var delay = initialDelayMs
        for _ in 1..<attempt {
            let (next, overflow) = delay.multipliedReportingOverflow(by: multiplier)
            if overflow || next >= delayCapMs { return delayCapMs }
            delay = next
        }
        return min(delay, delayCapMs)
    }

    /// Every wait a call that always fails retryably goes through, in order.
    public var schedule: [UInt64] {
        (1..<attemptsMax).map { delayMs(afterAttempt: $0) }
    }

    /// Runs `body` until it succeeds, fails with an error that is not retryable, or has run
    /// `attemptsMax` times; waits on `clock` between attempts. `body` gets the attempt number.
    public func run<Value>(
        clock: any PegClock, _ body: (_ attempt: Int) throws(MainChainClientError) -> Value
    ) throws(MainChainClientError) -> Value {
        var attempt = 1
        while true {
            do {
                return try body(attempt)
            } catch {
                guard error.isRetryable, attempt < attemptsMax else { throw error.counting(attempts: attempt) }
                clock.sleep(milliseconds: delayMs(afterAttempt: attempt))
                attempt += 1
            }
        }
    }
}

extension MainChainClientError {
    /// The same error, a timeout saying how many attempts it took.
    func counting(attempts: Int) -> MainChainClientError {
        if case .timeout(let endpoint, let timeoutMs, _) = self {
            return .timeout(endpoint: endpoint, timeoutMs: timeoutMs, attempts: attempts)
        }
        return self
    }
}
