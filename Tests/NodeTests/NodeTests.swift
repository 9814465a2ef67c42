import Chain
import Foundation
import Ledger
import Node
import Pool
import Primitives
import Storage
import Synchronization
import Testing

@Suite("Node: threads, intake over ZeroMQ, clock-driven blocks, clean stop", .serialized)
struct NodeTests {
    static let waitMs = 10_000

    func start(_ devnet: TestDevnet, clock: any NodeClock = SystemClock(), log: LogRecorder = LogRecorder()) throws -> Node {
        try Node.start(try devnet.settings(), makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, clock: clock, logger: log.logger)
    }

    /// Polls the node's status until `condition` holds, for at most `waitMs`.
    func status(_ client: IntakeClient, until condition: (NodeStatus) -> Bool) throws -> NodeStatus {
        let deadline = Date(timeIntervalSinceNow: Double(Self.waitMs) / 1_000)
        while true {
            let status = try client.status(timeoutMs: Self.waitMs)
            if condition(status) || Date() > deadline { return status }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    @Test("an order sent to the intake is acknowledged with its ID, then committed; its resting order shows in the books")
    func submitAndCommit() throws {
        let devnet = try TestDevnet()
        let node = try start(devnet)
        defer { node.stop(); node.waitUntilStopped() }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        let maker = OrderMaker(config: try devnet.settings().chain)
        let (order, _) = maker.order(devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC"))
        let reply = try client.submit(order, timeoutMs: Self.waitMs)
        #expect(reply == .accepted(order.id(suite: maker.config.suite)))
        let status = try status(client) { $0.books[0].asks == 1 && $0.mempool?.transactions == 0 }
        let book = status.books[0]
        #expect((book.symbol, book.bids, book.asks, book.bestBid, book.bestAsk) == ("BTC-USDT", 0, 1, nil, 30_000_000_000))
        #expect(status.height >= 1)
    }

    @Test("a second copy is refused with the pool's code; garbage with the codec's; neither stops the node")
    func rejections() throws {
        let devnet = try TestDevnet()
        let node = try start(devnet)
        defer { node.stop(); node.waitUntilStopped() }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        let maker = OrderMaker(config: try devnet.settings().chain)
        let (order, _) = maker.order(devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC"))
        _ = try client.submit(order, timeoutMs: Self.waitMs)
        let again = try client.submit(order, timeoutMs: Self.waitMs)
        guard case let .rejected(rejection) = again else {
            Issue.record("a duplicate was accepted: \(again)")
            return
        }
        #expect(rejection.code >= 8000 && rejection.code < 9000, "refused by the pool or the chain: \(rejection)")
        let garbage = try RawIntake.request([[1], [1, 2, 3]], endpoint: node.intakeEndpoint, timeoutMs: Self.waitMs)
        #expect(try IntakeReply.decode(garbage, for: .transaction) == .rejected(IntakeRejection(code: 3001, name: "malformed_transaction")))
        let unknown = try RawIntake.request([[7], []], endpoint: node.intakeEndpoint, timeoutMs: Self.waitMs)
        #expect(try IntakeReply.decode(unknown, for: .transaction) == .rejected(IntakeRejection(code: 9204, name: "intake_unknown_type")))
        #expect(node.isRunning)
        #expect(try client.status(timeoutMs: Self.waitMs).chainName == "lodestone-devnet")
    }

    @Test("with an injected clock, blocks come only when the clock reaches the next block time")
    func clockDrivesBlocks() throws {
        let devnet = try TestDevnet()
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let log = LogRecorder()
        let node = try start(devnet, clock: clock, log: log)
        defer { node.stop(); node.waitUntilStopped() }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        // Three status round trips span several of the loop's wait slices.
        for _ in 0..<3 { #expect(try client.status(timeoutMs: Self.waitMs).height == 0) }
        clock.advance(byMs: 100)
        let status = try status(client) { $0.height == 1 }
        #expect(status.height == 1)
        #expect(status.tipTimestampMs == TestDevnet.genesisTimestampMs + 1_100)
        #expect(log.messages.filter { $0.hasPrefix("height=") }.count == 1)
    }

    @Test("stop() ends both threads and closes the data folder, which a new node can then open at the same height")
    func stopAndRestart() throws {
        let devnet = try TestDevnet()
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let node = try start(devnet, clock: clock)
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        clock.advance(byMs: 100)
        let height = try status(client) { $0.height == 1 }.height
        client.close()
        node.stop()
        #expect(node.waitUntilStopped(timeoutMs: Self.waitMs))
        #expect(node.failure == nil)
        let again = try start(devnet, clock: clock)
        defer { again.stop(); again.waitUntilStopped() }
        let second = try IntakeClient(endpoint: again.intakeEndpoint)
        defer { second.close() }
        #expect(try second.status(timeoutMs: Self.waitMs).height == height)
    }

    @Test("a store that fails under a running node stops it with storage_failed (9101); the chain reopens at its last block")
    func storageFailureStops() throws {
        let devnet = try TestDevnet()
        let journal = Mutex<(any KeyValueStore)?>(nil)
        let clock = ManualClock(TestDevnet.genesisTimestampMs + 1_000)
        let node = try Node.start(try devnet.settings(), makePool: { config, store throws(ChainError) in
            journal.withLock { $0 = store }
            return try Mempool(config: config)
        }, clock: clock, logger: LogRecorder().logger)
        // The pool factory is handed the node's own store; closing it is the failing disk.
        journal.withLock { $0?.close() }
        clock.advance(byMs: 100)
        #expect(node.waitUntilStopped(timeoutMs: Self.waitMs))
        let failure = try #require(node.failure)
        #expect(failure.code == 9101)
        #expect(failure.message.contains(devnet.layout.dataPath), "names the data folder: \(failure.message)")
        let again = try start(devnet, clock: clock)
        defer { again.stop(); again.waitUntilStopped() }
        let client = try IntakeClient(endpoint: again.intakeEndpoint)
        defer { client.close() }
        #expect(try client.status(timeoutMs: Self.waitMs).height == 0)
    }

    @Test("an unwritable data folder refuses to start with storage_failed (9101) naming the folder")
    func unwritableDataFolder() throws {
        let devnet = try TestDevnet()
        // A regular file where the data folder's parent should be: no user can write there.
        let blocker = devnet.directory + "/blocker"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        var configuration = NodeConfiguration()
        configuration.intakeEndpoint = "tcp://127.0.0.1:*"
        configuration.dataDir = "blocker/data"
        try FileManager.default.removeItem(atPath: devnet.layout.nodeConfigPath)
        try configuration.write(to: devnet.layout.nodeConfigPath)
        let error = try #require(throws: NodeError.self) { try start(devnet) }
        #expect(error.code == 9101)
        #expect(error.message.contains("blocker/data"))
    }

    @Test("a second node on the same data folder is refused (the folder is locked), and the first keeps running")
    func lockedDataFolder() throws {
        let devnet = try TestDevnet()
        let node = try start(devnet)
        defer { node.stop(); node.waitUntilStopped() }
        let error = try #require(throws: NodeError.self) { try start(devnet) }
        guard case .storage(.locked) = error else {
            Issue.record("expected a locked data folder, got \(error)")
            return
        }
        #expect(node.isRunning)
    }
}
