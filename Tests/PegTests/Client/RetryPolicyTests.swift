import Testing

@testable import Peg

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCap() throws {
        let policy = try RetryPolicy(attemptsMax: 6, initialDelayMs: 100, delayCapMs: 500)
        #expect(policy.schedule == [100, 200, 400, 500, 500])
    }

    @Test func retriesOnlyTheTransportsFailures() throws {
        let policy = try RetryPolicy(attemptsMax: 3, initialDelayMs: 10, delayCapMs: 1_000)
        let clock = RecordingClock()
        var calls = 0
        #expect(throws: MainChainClientError.remote(code: 9507, message: "no")) {
            try policy.run(clock: clock) { (_: Int) throws(MainChainClientError) -> Int in
                calls += 1
                throw .remote(code: 9507, message: "no")
            }
        }
        #expect(calls == 1 && clock.sleeps.isEmpty)

        calls = 0
        let value = try policy.run(clock: clock) { (attempt: Int) throws(MainChainClientError) -> Int in
            calls += 1
            if attempt < 3 { throw .garbage(detail: "noise") }
            return 7
        }
        #expect(value == 7 && calls == 3 && clock.sleeps == [10, 20])
    }

    @Test func refusesPoliciesOutOfBounds() {
        #expect(throws: MainChainClientError.self) { try RetryPolicy(attemptsMax: 0, initialDelayMs: 1, delayCapMs: 1) }
        #expect(throws: MainChainClientError.self) { try RetryPolicy(attemptsMax: 2, initialDelayMs: 10, delayCapMs: 1) }
        #expect(throws: MainChainClientError.self) {
            try RetryPolicy(attemptsMax: 2, initialDelayMs: 1, delayCapMs: RetryPolicy.delayCapMsLimit + 1)
        }
    }

    @Test func theOverflowOfAHugeMultiplierSaturatesAtTheCap() throws {
        let policy = try RetryPolicy(attemptsMax: 64, initialDelayMs: 1, multiplier: UInt64.max, delayCapMs: 600_000)
        #expect(policy.delayMs(afterAttempt: 63) == 600_000)
    }
}
