import Foundation
import LodestoneWire
import ZeroMQ

/// One received feed message, decoded and checked against its topic.
public struct FeedMessage: Sendable, Equatable {
    public let topic: FeedTopic
    public let sequence: UInt64
    public let body: FeedBody
}

/// A subscriber's side of the feeds: a SUB socket for the PUB feeds and a DEALER for the
/// snapshot ROUTER. Used by `lodestone feed`/`watch` and the tests; one thread at a time.
public final class FeedClient: @unchecked Sendable {
    /// Most snapshot parts read for one request (a book of 100 000 × this many entries).
    public static let maxSnapshotParts = 64
    private static let feedLimits = try! ZMQReceiveLimits(
        maxFrames: WireLimits.feedFrameCount, maxTotalBytes: WireLimits.maxFeedBodyBytes + 2 * WireLimits.maxTopicBytes)

    private let sub: ZMQSocket
    private let dealer: ZMQSocket?

    /// Connects the SUB to `feedEndpoint` and, when given, a DEALER to `snapshotEndpoint`;
    /// `receiveHighWaterMark` bounds the SUB's queue (nil: ZeroMQ's default).
    public init(
        context: ZMQContext, feedEndpoint: String, snapshotEndpoint: String?, receiveHighWaterMark: Int? = nil
    ) throws(FeedError) {
        var opened: [ZMQSocket] = []
        do {
            let sub = try ZMQSocket(context, type: .sub)
            opened.append(sub)
            if let receiveHighWaterMark { try sub.setOption(.receiveHighWaterMark, receiveHighWaterMark) }
            try sub.connect(feedEndpoint)
            self.sub = sub
            dealer = try snapshotEndpoint.map { endpoint throws(ZMQError) in
                let dealer = try ZMQSocket(context, type: .dealer)
                opened.append(dealer)
                try dealer.setOption(.receiveHighWaterMark, Self.maxSnapshotParts * 4)
                try dealer.connect(endpoint)
                return dealer
            }
        } catch {
            for socket in opened { socket.close() }
            throw .socket(error)
        }
    }

    /// Subscribes to `topic` and its heartbeat topic (prefix match: `receive` compares
    /// whole topics, see `wants`).
    public func subscribe(_ topic: FeedTopic) throws(FeedError) {
        do {
            try sub.subscribe(topic.text)
            try sub.subscribe(topic.heartbeat.text)
        } catch {
            throw .socket(error)
        }
    }

    /// The next feed message, waiting at most `timeoutMs`; nil when none came.
    public func receive(timeoutMs: Int) throws(FeedError) -> FeedMessage? {
        guard try wait(sub, timeoutMs: timeoutMs) else { return nil }
        let received: ZMQMessage?
        do { received = try sub.receive(limits: Self.feedLimits, .dontWait) } catch { throw .socket(error) }
        guard let received else { return nil }
        do {
            let frame = try FeedFrame(frames: received.frames)
            return FeedMessage(topic: frame.topic, sequence: frame.sequence, body: try FeedBody(frame: frame))
        } catch {
            throw .wire(code: error.code, name: error.name, text: error.message)
        }
    }

    /// Asks for `market`'s book at `depth` and reads every part, each within `timeoutMs`.
    /// A refusal throws `refused` with the server's code.
    public func snapshot(market: String, depth: Lodestone_V1_Depth, timeoutMs: Int) throws(FeedError) -> FeedSnapshot {
        var request = Lodestone_V1_SnapshotRequest()
        request.market = market
        request.depth = depth
        let bytes: [UInt8]
        do { bytes = try request.wireBytes() } catch { throw .wire(code: error.code, name: error.name, text: error.message) }
        return try snapshot(requestBytes: bytes, market: market, depth: depth, timeoutMs: timeoutMs)
    }

    /// Sends `requestBytes` as is (tests send malformed ones) and reads the answer.
    public func snapshot(
        requestBytes: [UInt8], market: String, depth: Lodestone_V1_Depth, timeoutMs: Int
    ) throws(FeedError) -> FeedSnapshot {
        guard let dealer else { throw .invalidSetting("this client has no snapshot endpoint") }
        do { try dealer.send(requestBytes) } catch { throw .socket(error) }
        var builder = FeedSnapshot.Builder(market: market, depth: depth)
        for _ in 0..<Self.maxSnapshotParts {
            guard try wait(dealer, timeoutMs: timeoutMs) else { throw .timedOut("snapshot of \(market)") }
            let frame: [UInt8]?
            do { frame = try dealer.receiveFrame(maxBytes: WireLimits.maxSnapshotBytes, .dontWait) } catch { throw .socket(error) }
            guard let frame else { continue }
            if let snapshot = try builder.add(Self.decodePart(frame)) { return snapshot }
        }
        throw .timedOut("the last part of the snapshot of \(market) (over \(Self.maxSnapshotParts) parts)")
    }

    /// A checked part (a refusal among them), or the server's refusal. A refusal of an unreadable request may
    /// name no valid market, so it cannot pass the wire checks; its `reject` still tells.
    private static func decodePart(_ bytes: [UInt8]) throws(FeedError) -> Lodestone_V1_SnapshotResponse {
        do {
            return try Lodestone_V1_SnapshotResponse(wireBytes: bytes)
        } catch {
            if let raw = try? Lodestone_V1_SnapshotResponse(serializedBytes: bytes), raw.hasReject {
                throw FeedSnapshot.refusal(raw.reject)
            }
            throw .wire(code: error.code, name: error.name, text: error.message)
        }
    }

    private func wait(_ socket: ZMQSocket, timeoutMs: Int) throws(FeedError) -> Bool {
        do {
            var poller = ZMQPoller()
            try poller.register(socket, for: .readable)
            return try poller.poll(timeoutMs: timeoutMs)[0].contains(.readable)
        } catch {
            throw .socket(error)
        }
    }

    public func close() {
        sub.close()
        dealer?.close()
    }
}
