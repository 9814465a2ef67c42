import Gateway
import PropertyBased
import Testing
import TestSupport

@Suite("TokenBucket: a burst at once, then the rate")
struct TokenBucketTests {
    /// The outcome of each `(count, nowMs)` take, in order.
    func takes(_ bucket: inout TokenBucket, _ steps: [(count: UInt64, nowMs: UInt64)]) -> [Bool] {
        steps.map { bucket.take($0.count, nowMs: $0.nowMs) }
    }

    @Test("a full bucket gives exactly `burst` tokens, then refills at the rate per second, up to the burst")
    func burstThenRate() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 3, nowMs: 1_000)
        let outcomes = takes(&bucket, [(1, 1_000), (1, 1_000), (1, 1_000), (1, 1_000), (1, 1_099), (1, 1_100), (2, 1_150), (3, 10_000), (1, 10_000)])
        // A token takes 100 ms at 10 per second; refills stop at the burst.
        #expect(outcomes == [true, true, true, false, false, true, false, true, false])
    }

    @Test("a clock stepped back refills nothing; a refused take takes nothing")
    func clockBackAndRefusal() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 2, nowMs: 5_000)
        #expect(takes(&bucket, [(3, 5_000)]) == [false])
        #expect(bucket.tokens == 2)
        #expect(takes(&bucket, [(2, 4_000), (1, 4_500), (1, 5_999), (1, 6_000)]) == [true, false, false, true])
    }

    @Test("over any sequence of takes, tokens granted never exceed burst + rate × elapsed time")
    func neverOverGrants() {
        let steps = zip(Gen.int(in: 0...300), Gen.int(in: 1...4)).array(of: 1...200)
        seededCheck(seed: 0x70ce, count: 200, zip(Gen.int(in: 1...50), Gen.int(in: 1...20), steps)) { value, _ in
            let (rate, burst, steps) = value
            var bucket = TokenBucket(ratePerSecond: UInt64(rate), burst: UInt64(burst), nowMs: 0)
            var nowMs: UInt64 = 0
            var granted: UInt64 = 0
            for (deltaMs, count) in steps {
                nowMs += UInt64(deltaMs)
                if bucket.take(UInt64(count), nowMs: nowMs) { granted += UInt64(count) }
            }
            #expect(granted * 1_000 <= UInt64(burst) * 1_000 + UInt64(rate) * nowMs)
        }
    }
}
