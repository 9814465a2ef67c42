import Foundation
import LodestoneWire
import Testing

@testable import Gateway

/// The gateway thread sleeps in one poll until work arrives: a request, an answer the block
/// thread posts (it signals the gateway's wake), or a stop. Its housekeeping interval is set to
/// a minute here, so anything that arrives within seconds arrived because something woke it.
@Suite("Order-entry gateway wakes on work, not on a timer", .serialized)
struct GatewayWakeTests {
    static let waitMs = GatewayNode.waitMs
    static let housekeepingMs = 60_000

    static func settings() -> OrderEntrySettings {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        settings.housekeepingIntervalMs = housekeepingMs
        return settings
    }

    @Test("a job answered later on another thread is sent at once, long before the housekeeping interval would end the poll")
    func answerWakesTheGateway() throws {
        let gateway = try StandaloneGateway(settings: Self.settings(), answerAfterMs: 300)
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        for round in 1...3 {
            let started = ContinuousClock.now
            let response = try client.send(.init(clientOrderID: "q\(round)", .status(.order(UInt8(round)))), timeoutMs: Self.waitMs)
            #expect(response.clientOrderID == "q\(round)" && response.status.state == .unknown)
            // Answered 300 ms after the request, while the gateway slept in a 60 s poll.
            #expect(ContinuousClock.now - started < .milliseconds(Self.waitMs))
        }
        #expect(gateway.server.wake.wakesSent >= 3, "each answer signalled the sleeping gateway")
    }

    @Test("a stop wakes the sleeping gateway: its thread ends within seconds, not at the end of its poll")
    func stopWakesTheGateway() throws {
        let gateway = try StandaloneGateway(settings: Self.settings())
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        _ = try client.send(.init(clientOrderID: "q", .status(.order(1))), timeoutMs: Self.waitMs)
        let started = ContinuousClock.now
        gateway.stop()
        #expect(ContinuousClock.now - started < .seconds(8))
    }

    @Test("housekeeping_interval_ms outside 1...60000 is refused, naming the setting")
    func housekeepingBounds() {
        for bad in [0, 60_001] {
            var settings = OrderEntrySettings()
            settings.housekeepingIntervalMs = bad
            #expect(throws: GatewayError.self) { try settings.check() }
            do { try settings.check() } catch { #expect(error.kind == .badSetting && error.message.contains("housekeeping_interval_ms")) }
        }
    }
}
