import Chain
import Foundation
import Ledger
@testable import Node
import Pool
import Primitives
import Storage
import Synchronization
import Testing
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

@Suite("Node status: the same picture from a running node's intake and from a stopped node's data folder", .serialized)
struct NodeStatusTests {
    @Test("a stopped node's folder gives the height, tip and books its intake gave, without mempool counts or traffic; a running one is locked and reports its queue and counters")
    func storedMatchesLive() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let node = try Node.start(settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, clock: clock, logger: LogRecorder().logger)
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
        #expect(live.summary.split(separator: "\n").contains { $0.hasPrefix("queued 0  gateway busy 0") })
        #expect((stored.height, stored.tipHash, stored.books) == (live.height, live.tipHash, live.books))
        #expect(stored.books[0].bids == 1 && stored.books[0].bestBid == 29_000_000_000)
    }

    @Test("status counts what each public socket's guard refused: a client breaking ZMTP on the intake is cut off and shows in traffic.guards")
    func guardCountersInStatus() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let node = try Node.start(
            settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, clock: ManualClock(TestDevnet.genesisTimestampMs + 1_000),
            logger: LogRecorder().logger)
        defer {
            node.stop()
            _ = node.waitUntilStopped(timeoutMs: 10_000)
        }
        // Not ZMTP at all: the guard resets the connection at the first byte.
        let port = try #require(node.intakeEndpoint.split(separator: ":").last.flatMap { UInt16($0) })
        let raw = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(raw) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(raw, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        #expect(send(raw, "GET / HTTP/1.0\r\n\r\n", 18, Int32(MSG_NOSIGNAL)) == 18)
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        var guards: [String: ZMTPGuardCounters] = [:]
        for _ in 0..<200 {
            guards = try client.status(timeoutMs: 10_000).traffic?.guards ?? [:]
            if guards["intake"]?.disconnects(.badGreeting) == 1 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(guards["intake"]?.disconnects(.badGreeting) == 1)
        #expect(Set(guards.keys) == ["intake", "gateway", "feed", "snapshot"])
        // The status client itself came through the same guard.
        #expect((guards["intake"]?.connectionsAccepted ?? 0) >= 2)
    }

    @Test("`lodestone status --dir` reads a stopped node's folder even when node.json names a wildcard intake port",
          .enabled(if: NodeProcess.binary != nil, "the lodestone executable is not built"))
    func statusCommandWithWildcardPort() throws {
        let binary = try #require(NodeProcess.binary)
        let chain = try StoredChain(blocks: 3)
        #expect(try chain.devnet.settings().configuration.intakeEndpoint.hasSuffix(":*"))
        let result = try ChainVerificationTests.run(binary, ["status", "--dir", chain.devnet.directory, "--json"])
        #expect(result.status == 0, "\(result.output)")
        let status = try NodeStatus.decode(json: Array(result.output.utf8))
        #expect(status.height == 3 && status.mempool == nil)
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

    @Test("status is answered while the block thread is stuck inside the pool: it is read from the published status, never queued for the block thread")
    func answeredWhileBlockThreadBlocked() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let gate = PoolGate()
        let node = try Node.start(
            settings, makePool: { config, _ throws(ChainError) in
                try Mempool(config: config, observer: MempoolObserver(beforeSubmit: { _ in gate.enter() }))
            }, clock: ManualClock(TestDevnet.genesisTimestampMs + 1_000),
            logger: LogRecorder().logger)
        defer {
            gate.open()
            node.stop()
            #expect(node.waitUntilStopped(timeoutMs: 10_000))
        }
        let maker = OrderMaker(config: settings.chain)
        let bid = maker.order(devnet.trader(2), .buy, price: 29_000_000_000, size: 20_000, from: maker.genesisCoin(devnet.trader(2), asset: "USDT")).0
        try RawIntake.send(IntakeRequest.transaction(bid).frames, endpoint: node.intakeEndpoint)
        #expect(gate.waitUntilEntered(timeoutMs: 10_000), "the block thread is now inside the pool's submit")
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        for answered in 1...5 {
            let status = try client.status(timeoutMs: 2_000)
            #expect(status.height == 0 && status.mempool?.transactions == 0)
            #expect(status.traffic?.queued == 0 && status.traffic?.intake.statusAnswered == answered)
        }
        gate.open()
        var status = try client.status(timeoutMs: 10_000)
        for _ in 0..<500 where status.mempool?.transactions != 1 {
            Thread.sleep(forTimeInterval: 0.01)
            status = try client.status(timeoutMs: 10_000)
        }
        #expect(status.mempool?.transactions == 1, "the mempool counts are published after the admission round")
    }

    @Test("the books of a status equal what a scan of the UTXO set gives: counts and best prices, both sides, several markets")
    func booksMatchScan() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        var producer = try BlockProducer(
            store: MemoryStore(), config: settings.chain, validatorKey: settings.validatorKey,
            limits: BlockLimits(maxTransactions: 100, maxCancels: 100), makePool: { config, _ throws(ChainError) in try Mempool(config: config) },
            logger: LogRecorder().logger)
        let btc = OrderMaker(config: settings.chain)
        let eth = OrderMaker(config: settings.chain, symbol: "ETH-USDT")
        let (seller, buyer) = (devnet.trader(1), devnet.trader(2))
        let (ask1, btcChange) = btc.order(seller, .sell, price: 31_000_000_000, size: 1_000_000, from: btc.genesisCoin(seller, asset: "BTC"))
        let (bid1, usdtChange) = btc.order(buyer, .buy, price: 29_000_000_000, size: 20_000, from: btc.genesisCoin(buyer, asset: "USDT"))
        let ethAsk = eth.order(seller, .sell, price: 2_500_000_000, size: 100_000, from: eth.genesisCoin(seller, asset: "ETH")).0
        let ask2 = btc.order(seller, .sell, price: 30_500_000_000, size: 20_000, from: btcChange).0
        let (bid2, usdtChange2) = btc.order(buyer, .buy, price: 29_500_000_000, size: 10_000, from: usdtChange)
        let ethBid = eth.order(buyer, .buy, price: 2_000_000_000, size: 100_000, from: usdtChange2).0
        // Each order spends the change of the one before it, so each waits for its own block.
        for (step, orders) in [[ask1, bid1, ethAsk], [ask2, bid2], [ethBid]].enumerated() {
            #expect(producer.submit(orders).allSatisfy { (try? $0.get()) != nil })
            _ = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100 * UInt64(step + 1))
        }
        let books = NodeStatus(state: producer.state, pool: nil).books
        #expect(books == Self.scannedBooks(producer.state))
        #expect(books[0] == NodeStatus.Book(symbol: "BTC-USDT", bids: 2, asks: 2, bestBid: 29_500_000_000, bestAsk: 30_500_000_000))
        #expect(books[2] == NodeStatus.Book(symbol: "ETH-USDT", bids: 1, asks: 1, bestBid: 2_000_000_000, bestAsk: 2_500_000_000))
        #expect(books[1] == NodeStatus.Book(symbol: "ETH-BTC", bids: 0, asks: 0, bestBid: nil, bestAsk: nil))
    }

    /// The books as status computed them before: one pass over the sorted UTXO set.
    static func scannedBooks(_ state: ChainState) -> [NodeStatus.Book] {
        var books = state.config.markets.map { NodeStatus.Book(symbol: $0.symbol, bids: 0, asks: 0, bestBid: nil, bestAsk: nil) }
        for (_, entry) in state.utxos.sortedEntries() where entry.order != nil {
            guard let contract = entry.output.program.magneticOrder,
                  let terms = try? state.exchange.terms(of: entry.output, order: contract, remainder: true) else { continue }
            if terms.side == .buy {
                books[terms.market].bids += 1
                books[terms.market].bestBid = max(books[terms.market].bestBid ?? 0, terms.price)
            } else {
                books[terms.market].asks += 1
                books[terms.market].bestAsk = min(books[terms.market].bestAsk ?? .max, terms.price)
            }
        }
        return books
    }
}

/// Lets a test hold the block thread inside the pool's `submit` and see that it got there.
final class PoolGate: Sendable {
    private let entered = DispatchSemaphore(value: 0)
    private let opened = Atomic<Bool>(false)

    func enter() {
        entered.signal()
        // Bounded, so a failing test cannot hang the run.
        for _ in 0..<3_000 where !opened.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.01) }
    }

    func waitUntilEntered(timeoutMs: Int) -> Bool { entered.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success }

    func open() { opened.store(true, ordering: .releasing) }
}
