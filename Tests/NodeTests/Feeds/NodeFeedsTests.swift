import Chain
import Foundation
import Gateway
import LodestoneWire
import Node
import Pool
import Testing
import ZeroMQ

@Suite("Node feeds: a running node's L2 feed and snapshots follow its book", .serialized)
struct NodeFeedsTests {
    static let waitMs = 10_000

    /// Feeds `follower` messages until `condition` holds or `waitMs` passes.
    private func follow(_ follower: L2Follower, trades: inout [Lodestone_V1_Trade], until condition: ([Lodestone_V1_Trade]) -> Bool) throws {
        let deadline = Date(timeIntervalSinceNow: Double(Self.waitMs) / 1_000)
        while !condition(trades), Date() < deadline {
            if case let .trade(trade) = try follower.next(timeoutMs: 50) { trades.append(trade) }
        }
    }

    @Test("node.json's feed keys have their documented defaults and out-of-bounds values are refused with config_invalid")
    func feedKeys() throws {
        let defaults = NodeConfiguration()
        #expect(defaults.feeds == FeedConfiguration())
        #expect((defaults.feedEndpoint, defaults.snapshotEndpoint, defaults.feedHeartbeatMs) == ("tcp://127.0.0.1:7421", "tcp://127.0.0.1:7422", 1_000))
        for change in [{ (c: inout NodeConfiguration) in c.feedHeartbeatMs = 0 }, { $0.feedSendHWM = 0 }, { $0.feedEndpoint = "udp://x" }] {
            var configuration = defaults
            change(&configuration)
            #expect(throws: NodeError.self) { try configuration.check(path: "node.json") }
        }
    }

    @Test("orders placed through the intake show in a follower's L2 book, a crossing order as a trade and a reduced level")
    func followerTracksNodeBook() throws {
        let devnet = try TestDevnet()
        let node = try Node.start(try devnet.settings(), makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: LogRecorder().logger)
        defer { node.stop(); node.waitUntilStopped() }
        let intake = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { intake.close() }
        let feeds = try FeedClient(context: ZMQContext(), feedEndpoint: node.feeds.feedEndpoint, snapshotEndpoint: node.feeds.snapshotEndpoint)
        defer { feeds.close() }
        let follower = try L2Follower(client: feeds, market: "BTC-USDT", snapshotTimeoutMs: Self.waitMs)
        #expect(follower.book.bids.isEmpty && follower.book.asks.isEmpty)

        let maker = OrderMaker(config: try devnet.settings().chain)
        var coin = maker.genesisCoin(devnet.trader(1), asset: "BTC")
        for (price, size) in [(30_000_000_000, 1_000_000), (30_010_000_000, 2_000_000), (30_020_000_000, 500_000)] as [(UInt64, UInt64)] {
            let (order, change) = maker.order(devnet.trader(1), .sell, price: price, size: size, from: coin)
            _ = try intake.submit(order, timeoutMs: Self.waitMs)
            coin = change
        }
        var trades: [Lodestone_V1_Trade] = []
        try follow(follower, trades: &trades) { _ in follower.book.asks.count == 3 }
        #expect(follower.book.asks == [30_000_000_000: 1_000_000, 30_010_000_000: 2_000_000, 30_020_000_000: 500_000])

        var cash = maker.genesisCoin(devnet.trader(2), asset: "USDT")
        for (price, size) in [(29_990_000_000, 1_000_000), (30_000_000_000, 400_000)] as [(UInt64, UInt64)] {
            let (order, change) = maker.order(devnet.trader(2), .buy, price: price, size: size, from: cash)
            _ = try intake.submit(order, timeoutMs: Self.waitMs)
            cash = change
        }
        try follow(follower, trades: &trades) { trades in
            !trades.isEmpty && follower.book.bids.count == 1 && follower.book.asks[30_000_000_000] == 600_000
        }
        #expect(follower.book.bids == [29_990_000_000: 1_000_000])
        #expect(follower.book.asks == [30_000_000_000: 600_000, 30_010_000_000: 2_000_000, 30_020_000_000: 500_000])
        #expect(trades.map { [$0.price, $0.size] } == [[30_000_000_000, 400_000]])
        #expect(trades.first?.takerSide == .buy)
        let snapshot = try feeds.snapshot(market: "BTC-USDT", depth: .l3, timeoutMs: Self.waitMs)
        #expect(snapshot.orders.map(\.size) == [1_000_000, 600_000, 2_000_000, 500_000], "bids best first, then asks best first")
        #expect(node.feeds.counters.blocksDropped == 0 && node.feeds.counters.eventsUnmatched == 0)
    }
}
