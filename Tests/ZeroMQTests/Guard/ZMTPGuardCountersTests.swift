import Foundation
import Testing
@testable import ZeroMQ

@Suite("ZMTPGuardCounters")
struct ZMTPGuardCountersTests {
    @Test("disconnects are counted per kind, violations add up only the violation kinds, JSON names every kind")
    func countsAndEncodes() throws {
        var counters = ZMTPGuardCounters()
        counters.countDisconnect(.tooManyFrames)
        counters.countDisconnect(.tooManyFrames)
        counters.countDisconnect(.badGreeting)
        counters.countDisconnect(.clientClosed)
        #expect(counters.disconnects(.tooManyFrames) == 2 && counters.disconnects(.messageTooLarge) == 0)
        #expect(counters.violations == 3)
        #expect(ZMTPGuardDisconnect.allCases.filter(\.isViolation).count == 9)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(counters)) as? [String: UInt64]
        #expect(json?["disconnects_too_many_frames"] == 2 && json?["disconnects_client_closed"] == 1)
        #expect(json?.count == 5 + ZMTPGuardDisconnect.allCases.count)
    }
}
