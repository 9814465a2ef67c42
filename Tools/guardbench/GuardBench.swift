import ArgumentParser
import Dispatch
import Foundation
import ZeroMQ

/// `lodestone-guardbench`: what a `ZMTPGuard` in front of a ROUTER costs a DEALER client,
/// measured against the same sockets connected directly, in one run: round-trip latency of
/// one message at a time, and one-way throughput of small messages.
@main
struct GuardBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-guardbench", abstract: "Measure a ZMTPGuard against a direct DEALER→ROUTER connection.")

    @Option(help: "Round trips per latency run.") var roundTrips = 20_000
    @Option(help: "Messages per throughput run.") var messages = 1_000_000
    @Option(help: "Bytes per message.") var size = 32
    @Option(help: "Runs of each kind; the best is reported.") var runs = 3

    func run() throws {
        let payload = [UInt8](repeating: 0x5A, count: size)
        var direct = Figures()
        var guarded = Figures()
        for _ in 0..<runs {
            direct.keepBest(try Pair(guarded: false).measure(roundTrips: roundTrips, messages: messages, payload: payload))
            guarded.keepBest(try Pair(guarded: true).measure(roundTrips: roundTrips, messages: messages, payload: payload))
        }
        print("DEALER→ROUTER over loopback TCP, \(size)-byte messages, best of \(runs) runs")
        print(String(format: "round trip: direct %.1f µs (median %.1f), guarded %.1f µs (median %.1f): guarded/direct %.2f",
                     direct.meanRoundTripUs, direct.medianRoundTripUs, guarded.meanRoundTripUs, guarded.medianRoundTripUs,
                     guarded.meanRoundTripUs / direct.meanRoundTripUs))
        print(String(format: "one-way: direct %.0f messages/s, guarded %.0f messages/s: guarded/direct %.2f",
                     direct.messagesPerSecond, guarded.messagesPerSecond, guarded.messagesPerSecond / direct.messagesPerSecond))
    }
}

/// The figures of one run, or the best of several.
struct Figures {
    var meanRoundTripUs = Double.infinity
    var medianRoundTripUs = Double.infinity
    var messagesPerSecond = 0.0

    mutating func keepBest(_ other: Figures) {
        meanRoundTripUs = min(meanRoundTripUs, other.meanRoundTripUs)
        medianRoundTripUs = min(medianRoundTripUs, other.medianRoundTripUs)
        messagesPerSecond = max(messagesPerSecond, other.messagesPerSecond)
    }
}

/// A ROUTER on a loopback port and a DEALER connected to it, directly or through a guard.
struct Pair {
    let context: ZMQContext
    let router: ZMQSocket
    let dealer: ZMQSocket
    let relay: ZMTPGuard?

    init(guarded: Bool) throws {
        context = try ZMQContext()
        router = try ZMQSocket(context, type: .router)
        try router.setOption(.receiveHighWaterMark, 100_000)
        try router.bind("tcp://127.0.0.1:*")
        relay =
            guarded
            ? try ZMTPGuard.start(
                publicEndpoint: "tcp://127.0.0.1:*", innerEndpoint: router.lastEndpoint, limits: ZMTPGuardLimits(), name: "bench")
            : nil
        dealer = try ZMQSocket(context, type: .dealer)
        try dealer.setOption(.routingID, Array("bench".utf8))
        try dealer.setOption(.sendHighWaterMark, 100_000)
        try dealer.connect(relay?.endpoint ?? router.lastEndpoint)
    }

    func measure(roundTrips: Int, messages: Int, payload: [UInt8]) throws -> Figures {
        defer {
            relay?.stop()
            _ = relay?.waitUntilStopped(timeoutMs: 2_000)
        }
        let limits = try ZMQReceiveLimits(maxFrames: 2, maxTotalBytes: payload.count + 256)
        // Warm up: the handshake, and the first allocations on both sides.
        for _ in 0..<1_000 { try roundTrip(payload, limits: limits) }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(roundTrips)
        for _ in 0..<roundTrips {
            let start = clock.now
            try roundTrip(payload, limits: limits)
            samples.append(clock.now - start)
        }
        samples.sort()
        let totalUs = samples.reduce(0.0) { $0 + $1 / .microseconds(1) }
        var figures = Figures()
        figures.meanRoundTripUs = totalUs / Double(roundTrips)
        figures.medianRoundTripUs = samples[roundTrips / 2] / .microseconds(1)
        figures.messagesPerSecond = try oneWay(messages: messages, payload: payload, limits: limits)
        return figures
    }

    private func roundTrip(_ payload: [UInt8], limits: ZMQReceiveLimits) throws {
        try dealer.send(payload)
        guard let request = try router.receive(limits: limits) else { throw ValidationError("the router got nothing") }
        try router.send(request)
        guard try dealer.receive(limits: limits) != nil else { throw ValidationError("the dealer got no reply") }
    }

    /// Messages per second from the DEALER's first send to the ROUTER's last receive; the
    /// ROUTER receives on a thread of its own.
    private func oneWay(messages: Int, payload: [UInt8], limits: ZMQReceiveLimits) throws -> Double {
        let done = DispatchSemaphore(value: 0)
        let router = router
        let thread = Thread {
            for _ in 0..<messages {
                guard (try? router.receive(limits: limits)) != nil else { break }
            }
            done.signal()
        }
        let clock = ContinuousClock()
        let start = clock.now
        thread.start()
        for _ in 0..<messages { try dealer.send(payload) }
        done.wait()
        return Double(messages) / ((clock.now - start) / .seconds(1))
    }
}
