import Chain
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Node
import Pool
import Primitives
import Storage
import Testing

@Suite("Node: the coin index behind the gateway, across blocks, restarts and a data folder without it", .serialized)
struct CoinIndexNodeTests {
    static let waitMs = 10_000

    func start(_ devnet: TestDevnet, clock: any NodeClock) throws -> Node {
        try Node.start(
            try devnet.settings(), makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, clock: clock,
            logger: LogRecorder().logger)
    }

    /// Every coin of the key through the node's gateway, 2 per page; the pages' heights.
    func coins(_ node: Node, _ key: Data) throws -> (coins: [Lodestone_V1_Coin], heights: Set<UInt64>) {
        let client = try OrderEntryClient(endpoint: try #require(node.gatewayEndpoint))
        defer { client.close() }
        var query = Lodestone_V1_CoinsQuery()
        query.publicKey = key
        query.limit = 2
        var (coins, heights) = ([Lodestone_V1_Coin](), Set<UInt64>())
        for page in 0..<100 {
            let response = try client.send(.init(clientOrderID: "p\(page)", .coins(query)), timeoutMs: Self.waitMs)
            guard case .coins(let result)? = response.result else {
                Issue.record("refused: \(response)")
                break
            }
            coins += result.coins
            heights.insert(result.height)
            guard !result.nextAfter.isEmpty else { break }
            query.after = result.nextAfter
        }
        return (coins, heights)
    }

    @Test(
        "an order's output is listed after its block; the same coins after a restart, and after a restart on a folder whose index was deleted"
    )
    func indexSurvivesRestartAndRebuilds() throws {
        let devnet = try TestDevnet()
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let trader = devnet.trader(1)
        let key = Data(trader.publicKey.bytes)
        let node = try start(devnet, clock: clock)
        let intake = try IntakeClient(endpoint: node.intakeEndpoint)
        let maker = OrderMaker(config: try devnet.settings().chain)
        let (order, _) = maker.order(trader, .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(trader, asset: "BTC"))
        _ = try intake.submit(order, timeoutMs: Self.waitMs)
        clock.advance(byMs: 100)
        let deadline = Date(timeIntervalSinceNow: 10)
        while try intake.status(timeoutMs: Self.waitMs).height < 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let before = try coins(node, key)
        let orderID = Data(
            Transaction.outputID(transactionID: order.id(suite: maker.config.suite), index: 0, suite: maker.config.suite).bytes)
        #expect(before.coins.contains { $0.orderID == orderID && $0.amount == 1_000_000 })
        #expect(
            !before.coins.contains { $0.outputID == Data(maker.genesisCoin(trader, asset: "BTC").id.bytes) },
            "the spent genesis coin is gone")
        #expect(before.heights == [1])
        intake.close()
        node.stop()
        #expect(node.waitUntilStopped(timeoutMs: Self.waitMs))

        let again = try start(devnet, clock: clock)
        #expect(try coins(again, key).coins == before.coins)
        // Balances after the restart: the pool (empty, nothing journaled) stands at the index's block.
        let client = try OrderEntryClient(endpoint: try #require(again.gatewayEndpoint))
        var query = Lodestone_V1_BalancesQuery()
        query.publicKey = key
        let response = try client.send(.init(clientOrderID: "b", .balances(query)), timeoutMs: Self.waitMs)
        client.close()
        guard case .balances(let balances)? = response.result else {
            Issue.record("refused after a restart: \(response)")
            return
        }
        #expect(balances.height == 1)
        let inOrders = balances.assets.map(\.inOrders).reduce(0, +)
        #expect(inOrders == 1_000_000)
        again.stop()
        #expect(again.waitUntilStopped(timeoutMs: Self.waitMs))

        // A data folder from before the index: the node rebuilds it at start.
        let folder = try DataFolder.open(try devnet.settings(), create: false)
        var batch = WriteBatch()
        let stale = try folder.store.scan(prefix: [0x6B]) + folder.store.scan(prefix: [0x69])
        #expect(stale.count > before.coins.count)
        for entry in stale { try batch.delete(entry.key) }
        try folder.store.write(batch, sync: true)
        folder.store.close()
        let rebuilt = try start(devnet, clock: clock)
        defer {
            rebuilt.stop()
            rebuilt.waitUntilStopped()
        }
        let after = try coins(rebuilt, key)
        #expect(after.coins == before.coins)
        #expect(after.heights == [1])
    }
}
