import Foundation
import Testing

@testable import ZeroMQ

@Suite("ZMQWake")
struct ZMQWakeTests {
    @Test("a signal makes the receiver readable; a burst of signals sends one wake until it is consumed")
    func signalsCoalesceUntilConsumed() throws {
        let context = try ZMQContext()
        let wake = try ZMQWake(context)
        var poller = ZMQPoller()
        try poller.register(wake.receiver, for: .readable)
        #expect(try poller.poll(timeoutMs: Wait.absenceMs) == [[]])
        for _ in 0..<100 { wake.signal() }
        #expect(wake.wakesSent == 1)
        #expect(try poller.poll(timeoutMs: Wait.arrivalMs) == [.readable])
        try wake.consume()
        #expect(try poller.poll(timeoutMs: 0) == [[]])
        wake.signal()
        #expect(wake.wakesSent == 2)
        #expect(try poller.poll(timeoutMs: Wait.arrivalMs) == [.readable])
    }

    @Test("signals from another thread wake a poll that would otherwise wait a minute")
    func wakesFromAnotherThread() throws {
        let context = try ZMQContext()
        let wake = try ZMQWake(context)
        var poller = ZMQPoller()
        try poller.register(wake.receiver, for: .readable)
        let started = ContinuousClock.now
        let signaller = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            wake.signal()
        }
        signaller.start()
        #expect(try poller.poll(timeoutMs: 60_000) == [.readable])
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("after close a signal sends nothing and does not fail")
    func signalAfterClose() throws {
        let wake = try ZMQWake(try ZMQContext())
        wake.close()
        wake.signal()
        #expect(wake.receiver.isClosed)
    }
}
