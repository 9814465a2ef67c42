import ArgumentParser
import Chain
import Dispatch
import Foundation
import Gateway
import Logging
import Matching
import MatchingWorkloads
import Primitives
import ZeroMQ

/// `lodestone-feedbench`: feed messages the node's publisher sends per second, driven by
/// blocks of the exchange-core mix, as a share of raw ZeroMQ PUB→SUB over loopback with
/// messages of the same shape, measured in the same run.
@main
struct FeedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-feedbench", abstract: "Measure the market-data publisher against raw ZeroMQ PUB/SUB.")

    @Option(help: "Book operations turned into blocks.") var operations = 200_000
    @Option(help: "Operations per block.") var operationsPerBlock = 500
    @Option(help: "Messages in the raw PUB/SUB baseline.") var rawMessages = 500_000

    func run() throws {
        let blocks = try Self.blocks(operations: operations, perBlock: operationsPerBlock)
        let raw = try RawPubSub.messagesPerSecond(count: rawMessages)
        let (feed, received, seconds) = try PublisherRun.messagesPerSecond(blocks: blocks)
        let updates = blocks.reduce(0) { $0 + Self.bookUpdates($1) }
        let updateRate = Double(updates) / max(seconds, 1e-9)
        print("blocks=\(blocks.count) feed messages received=\(received) book updates=\(updates) (L2 level + L3 order changes)")
        print(String(format: "raw ZeroMQ PUB→SUB: %.0f messages/s", raw))
        print(String(format: "feed publisher: %.0f messages/s; %.0f book updates/s = %.1f%% of raw PUB/SUB messages/s",
                     feed, updateRate, 100 * updateRate / raw))
    }

    static let market = try! FeedMarket(index: 0, symbol: "BTC-USDT", tickSize: 1, lotSize: 1)

    /// L2 level changes and L3 order changes in a block: what a subscriber learns.
    static func bookUpdates(_ block: FeedBlock) -> Int {
        block.events.joined().filter {
            switch $0.event {
            case .levelChanged, .orderAdded, .orderReduced, .orderReplaced, .orderRemoved: true
            default: false
            }
        }.count
    }

    /// The mix run through a book, one block per `perBlock` operations, with dense book IDs
    /// mapped to 32-byte order IDs.
    static func blocks(operations: Int, perBlock: Int) throws -> [FeedBlock] {
        var book = FastBook(rules: try MarketRules(), capacity: try BookCapacity(
            maxRestingOrders: 1 << 20, maxPriceLevels: 1 << 16, maxOrderIDs: UInt32(operations + 1)))
        var blocks = [FeedBlock]()
        var log = EventLog()
        for (index, operation) in try ExchangeCoreMix.operations(count: operations, seed: 7).enumerated() {
            operation.apply(to: &book, into: &log)
            guard (index + 1) % perBlock == 0 else { continue }
            let events = log.drain()
            blocks.append(FeedBlock(
                height: UInt64(blocks.count + 1), hash: .zero, timestampMs: UInt64(blocks.count), transactionCount: perBlock,
                cancelCount: 0, events: [events.map { FeedBookEvent(event: $0, orderIDs: $0.orderIDs.map(orderID)) }],
                trades: events.compactMap(trade)))
        }
        return blocks
    }

    static func orderID(_ id: OrderID) -> Hash256 {
        var bytes = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: id.rawValue.bigEndian) { bytes.replaceSubrange(28..<32, with: $0) }
        return try! Hash256(bytes: bytes)
    }

    static func trade(_ event: BookEvent) -> Trade? {
        guard case let .fill(fill) = event else { return nil }
        return Trade(
            market: 0, maker: orderID(fill.maker), taker: orderID(fill.taker), takerSide: fill.takerSide,
            price: UInt64(fill.price), size: UInt64(fill.size))
    }
}

/// Counts 3-frame messages on a SUB socket until `expected` arrive or the stream is quiet.
enum Counting {
    static let limits = try! ZMQReceiveLimits(maxFrames: 3, maxTotalBytes: 8 << 20)

    /// (messages, seconds from the first to the last).
    static func receive(_ socket: ZMQSocket, expected: Int?, quietMs: Int = 1_000) throws -> (Int, Double) {
        try socket.setOption(.receiveTimeoutMs, quietMs)
        var count = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
        while let _ = try socket.receive(limits: limits) {
            last = DispatchTime.now().uptimeNanoseconds
            if count == 0 { first = last }
            count += 1
            if let expected, count >= expected { break }
        }
        return (count, Double(last - first) / 1e9)
    }
}

enum RawPubSub {
    static func messagesPerSecond(count: Int) throws -> Double {
        let context = try ZMQContext()
        let publisher = try ZMQSocket(context, type: .pub)
        try publisher.setOption(.sendHighWaterMark, nil)
        try publisher.bind("tcp://127.0.0.1:*")
        let subscriber = try ZMQSocket(context, type: .sub)
        try subscriber.setOption(.receiveHighWaterMark, nil)
        try subscriber.connect(try publisher.lastEndpoint)
        try subscriber.subscribe("")
        Thread.sleep(forTimeInterval: 0.3)  // the subscription reaches the publisher
        let message = try ZMQMessage(frames: [Array("l2.BTC-USDT".utf8), [UInt8](repeating: 0x2A, count: 48), [UInt8](repeating: 1, count: 8)])
        let sender = Thread {
            for _ in 0..<count { _ = try? publisher.send(message) }
        }
        sender.start()
        let (received, seconds) = try Counting.receive(subscriber, expected: count)
        return Double(received) / max(seconds, 1e-9)
    }
}

enum PublisherRun {
    static func messagesPerSecond(blocks: [FeedBlock]) throws -> (Double, Int, Double) {
        let context = try ZMQContext()
        let publisher = try FeedPublisher.start(
            context: context, configuration: FeedConfiguration(
                feedEndpoint: "tcp://127.0.0.1:*", snapshotEndpoint: "tcp://127.0.0.1:*", heartbeatMs: 60_000,
                sendHighWaterMark: 1_000_000, queueCapacity: blocks.count + 1),
            markets: [FeedBench.market], logger: Logger(label: "feedbench"))
        defer {
            publisher.stop()
            _ = publisher.waitUntilStopped(timeoutMs: 5_000)
        }
        let subscriber = try ZMQSocket(context, type: .sub)
        try subscriber.setOption(.receiveHighWaterMark, nil)
        try subscriber.connect(publisher.feedEndpoint)
        try subscriber.subscribe("")
        Thread.sleep(forTimeInterval: 0.3)
        for block in blocks { publisher.publish(block) }
        let (received, seconds) = try Counting.receive(subscriber, expected: nil)
        return (Double(received) / max(seconds, 1e-9), received, seconds)
    }
}
