/// A client's request budget: `burst` requests at once, refilled at `ratePerSecond`. Time is
/// passed in (milliseconds from any clock), so the bucket is a pure value and tests are exact.
public struct TokenBucket: Sendable, Equatable {
    /// Bounds on the settings, so a typo cannot disable the limit or overflow the arithmetic.
    public static let rateAllowed: ClosedRange<UInt64> = 1...1_000_000
    public static let burstAllowed: ClosedRange<UInt64> = 1...1_000_000

    /// Tokens added per second.
    public let ratePerSecond: UInt64
    /// Most tokens the bucket holds.
    public let burst: UInt64
    /// Tokens in thousandths, so refills of less than one token per millisecond add up.
    private var milliTokens: UInt64
    private var lastMs: UInt64

    /// A full bucket at `nowMs`.
    public init(ratePerSecond: UInt64, burst: UInt64, nowMs: UInt64) {
        precondition(Self.rateAllowed.contains(ratePerSecond) && Self.burstAllowed.contains(burst), "bucket settings are checked by the configuration")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        milliTokens = burst * 1_000
        lastMs = nowMs
    }

    /// Takes `count` tokens if the bucket holds them at `nowMs`; takes nothing otherwise.
    public mutating func take(_ count: UInt64, nowMs: UInt64) -> Bool {
        refill(nowMs: nowMs)
        let cost = count.multipliedReportingOverflow(by: 1_000)
        guard !cost.overflow, cost.partialValue <= milliTokens else { return false }
        milliTokens -= cost.partialValue
        return true
    }

    /// Whole tokens left at the last `take`.
    public var tokens: UInt64 { milliTokens / 1_000 }

    private mutating func refill(nowMs: UInt64) {
        // A clock stepped back refills nothing and does not move the mark back.
        guard nowMs > lastMs else { return }
        let elapsedMs = min(nowMs - lastMs, 1_000_000_000)
        // rate ≤ 10^6 and elapsed ≤ 10^9: the product fits in 64 bits.
        milliTokens = min(milliTokens + elapsedMs * ratePerSecond, burst * 1_000)
        lastMs = nowMs
        assert(milliTokens <= burst * 1_000, "a bucket never holds more than its burst")
    }
}
