import Foundation
@testable import Gateway
import Logging
import LodestoneWire
import ZeroMQ

/// A publisher on in-process endpoints (no network, and no kernel buffers, so high-water
/// marks bite exactly) with clients in the same ZeroMQ context.
struct FeedHarness {
    /// Bound on every wait for a message in these tests.
    static let waitMs = 5_000

    let context: ZMQContext
    let publisher: FeedPublisher

    init(
        heartbeatMs: Int = 1_000, sendHighWaterMark: Int = 1_000, resting: [FeedRestingOrder] = [],
        snapshotSendHighWaterMark: Int = FeedConfiguration.defaultSnapshotSendHighWaterMark, overTCP: Bool = false
    ) throws {
        context = try ZMQContext()
        let name = UUID().uuidString
        // TCP where a test needs ZMTP framing (ZMQ_MAXMSGSIZE acts in its decoder only).
        let configuration = FeedConfiguration(
            feedEndpoint: overTCP ? "tcp://127.0.0.1:*" : "inproc://feeds-\(name)",
            snapshotEndpoint: overTCP ? "tcp://127.0.0.1:*" : "inproc://snapshots-\(name)",
            heartbeatMs: heartbeatMs, sendHighWaterMark: sendHighWaterMark, queueCapacity: 4_096,
            snapshotSendHighWaterMark: snapshotSendHighWaterMark)
        publisher = try FeedPublisher.start(
            context: context, configuration: configuration, markets: [RandomBookFlow.market], resting: [0: resting],
            logger: Logger(label: "feeds-test"))
    }

    func client(receiveHighWaterMark: Int? = nil) throws -> FeedClient {
        try FeedClient(
            context: context, feedEndpoint: publisher.feedEndpoint, snapshotEndpoint: publisher.snapshotEndpoint,
            receiveHighWaterMark: receiveHighWaterMark)
    }

    /// Receives until `stop` says so; nil when `waitMs` passes without a message.
    static func receive(_ client: FeedClient, until stop: (FeedMessage) -> Bool) throws -> FeedMessage? {
        while let message = try client.receive(timeoutMs: waitMs) {
            if stop(message) { return message }
        }
        return nil
    }

    func stop() {
        publisher.stop()
        _ = publisher.waitUntilStopped(timeoutMs: Self.waitMs)
    }
}
