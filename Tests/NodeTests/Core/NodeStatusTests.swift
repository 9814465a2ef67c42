import Chain
import Foundation
import Node
import Storage
import Testing

@Suite("Node status: the same picture from a running node's intake and from a stopped node's data folder", .serialized)
struct NodeStatusTests {
    @Test("a stopped node's folder gives the height, tip and books its intake gave, without mempool counts or traffic; a running one is locked and reports its queue and counters")
    func storedMatchesLive() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let node = try Node.start(settings, makePool: { config, _ in ListPool(config: config) }, clock: clock, logger: LogRecorder().logger)
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        let maker = OrderMaker(config: settings.chain)
        let bid = maker.order(devnet.trader(2), .buy, price: 29_000_000_000, size: 20_000, from: maker.genesisCoin(devnet.trader(2), asset: "USDT")).0
        _ = try client.submit(bid, timeoutMs: 10_000)
        #expect(throws: NodeError.self) { try NodeStatus.stored(settings) }
        clock.advance(byMs: 100)
        var live = try client.status(timeoutMs: 10_000)
        for _ in 0..<500 where live.height == 0 {
            Thread.sleep(forTimeInterval: 0.01)
            live = try client.status(timeoutMs: 10_000)
        }
        client.close()
        node.stop()
        #expect(node.waitUntilStopped(timeoutMs: 10_000))
        let stored = try NodeStatus.stored(settings)
        #expect(live.height == 1 && live.mempool != nil && stored.mempool == nil)
        #expect(live.traffic?.feeds.blocksDropped == 0 && stored.traffic == nil)
        #expect(live.summary.split(separator: "\n").last?.hasPrefix("queued 0  gateway busy 0") == true)
        #expect((stored.height, stored.tipHash, stored.books) == (live.height, live.tipHash, live.books))
        #expect(stored.books[0].bids == 1 && stored.books[0].bestBid == 29_000_000_000)
    }

    @Test("the summary names the chain, height, tip, mempool and every book with its best prices")
    func summary() throws {
        let devnet = try TestDevnet()
        let status = NodeStatus(state: try ChainState.genesis(try devnet.settings().chain), pool: nil)
        let lines = status.summary.split(separator: "\n").map(String.init)
        #expect(lines[0] == "chain lodestone-devnet (\(status.chainID))")
        #expect(lines[1].hasPrefix("height 0  tip \(status.tipHash)"))
        #expect(lines[2] == "mempool unknown (node not running)")
        #expect(lines.dropFirst(3) == ["  BTC-USDT  bids 0  asks 0", "  ETH-BTC  bids 0  asks 0", "  ETH-USDT  bids 0  asks 0"])
    }

    @Test("a folder with no chain yet has no stored status: storage_failed (9101) for the missing database, not a new chain")
    func noChainYet() throws {
        let devnet = try TestDevnet()
        let error = try #require(throws: NodeError.self) { try NodeStatus.stored(try devnet.settings()) }
        guard case .storage(.missing) = error else {
            Issue.record("expected a missing database, got \(error)")
            return
        }
    }
}
