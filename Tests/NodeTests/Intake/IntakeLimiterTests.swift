@testable import Node
import Testing

@Suite("Intake limiter: a bucket per client, one total budget for all, bounded memory without scans")
struct IntakeLimiterTests {
    static func identity(_ number: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(number).bigEndian) { Array($0) } }

    @Test("a client over its burst is refused (.client) until time refills its bucket; another client is unaffected")
    func clientBucket() throws {
        var limiter = IntakeLimiter(client: .init(perSecond: 10, burst: 3), total: .init(perSecond: 1_000, burst: 1_000), nowMs: 0)
        for _ in 0..<3 { try limiter.admit(Self.identity(1), reachesBlockThread: true, nowMs: 0) }
        #expect(throws: IntakeLimiter.Refusal.client) { try limiter.admit(Self.identity(1), reachesBlockThread: true, nowMs: 0) }
        try limiter.admit(Self.identity(2), reachesBlockThread: true, nowMs: 0)
        // 10 per second: one token every 100 ms.
        try limiter.admit(Self.identity(1), reachesBlockThread: true, nowMs: 100)
        #expect(throws: IntakeLimiter.Refusal.client) { try limiter.admit(Self.identity(1), reachesBlockThread: true, nowMs: 100) }
    }

    @Test("many identities together get no more than the total budget; status queries (not for the block thread) are not charged to it")
    func totalBudget() throws {
        var limiter = IntakeLimiter(client: .init(perSecond: 1_000, burst: 1_000), total: .init(perSecond: 5, burst: 5), nowMs: 0)
        var refused = 0
        for number in 0..<50 {
            do { try limiter.admit(Self.identity(number), reachesBlockThread: true, nowMs: 0) } catch {
                #expect(error == .total)
                refused += 1
            }
        }
        #expect(refused == 45)
        for number in 0..<50 { try limiter.admit(Self.identity(number), reachesBlockThread: false, nowMs: 0) }
        try limiter.admit(Self.identity(0), reachesBlockThread: true, nowMs: 200)
    }

    @Test("identities past clientsMax forget the least recently seen one; a client seen recently keeps its (empty) bucket")
    func boundedClients() throws {
        var limiter = IntakeLimiter(client: .init(perSecond: 1, burst: 1), total: .init(perSecond: 1_000_000, burst: 1_000_000), nowMs: 0)
        let busy = Self.identity(1 << 30)
        try limiter.admit(busy, reachesBlockThread: false, nowMs: 0)
        for number in 0..<(3 * IntakeLimiter.clientsMax) {
            try limiter.admit(Self.identity(number), reachesBlockThread: false, nowMs: 0)
            if number % 1_000 == 0 {
                // Seen again (and refused): it stays among the most recent.
                #expect(throws: IntakeLimiter.Refusal.client) { try limiter.admit(busy, reachesBlockThread: false, nowMs: 0) }
                #expect(limiter.clientCount <= IntakeLimiter.clientsMax)
            }
        }
        #expect(limiter.clientCount == IntakeLimiter.clientsMax)
        #expect(throws: IntakeLimiter.Refusal.client) { try limiter.admit(busy, reachesBlockThread: false, nowMs: 0) }
        // The oldest identity was forgotten: it comes back with a full bucket.
        try limiter.admit(Self.identity(0), reachesBlockThread: false, nowMs: 0)
    }
}
