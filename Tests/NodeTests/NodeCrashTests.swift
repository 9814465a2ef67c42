import Chain
import Crypto
import Foundation
import Ledger
import Node
import Primitives
import PropertyBased
import Storage
import TestSupport
import Testing
import ZeroMQ

/// The node as an operator runs it, killed with SIGKILL at seeded moments while a load
/// generator sends orders: no acknowledged order may be lost, and the chain it leaves must
/// re-verify from genesis to the same state as a node that never crashed.
@Suite("Crash test: lodestone node under SIGKILL", .serialized)
struct NodeCrashTests {
    static let seed: UInt64 = 0x5EED_C4A5
    static let kills = 8
    static let ordersPerTrader = 60
    static let replyTimeoutMs = 3_000
    static let startTimeoutMs = 20_000
    static let exitTimeoutMs = 10_000

    /// What the load generator knows about each order.
    struct Ledger {
        let chains: [[Transaction]]
        let suite: any CryptoSuite
        /// Per chain: how many orders are known to be in (pooled or committed).
        var next: [Int]
        /// Orders sent whose fate is unknown (the node died before answering).
        var unresolved = Set<Hash256>()
        /// Orders the node acknowledged.
        var acknowledged = Set<Hash256>()
        /// Orders known to be in without an ack (a resend found them pooled or committed).
        var inferred = Set<Hash256>()

        init(_ chains: [[Transaction]], suite: any CryptoSuite) {
            self.chains = chains
            self.suite = suite
            next = chains.map { _ in 0 }
        }

        var isDone: Bool { zip(next, chains).allSatisfy { $0 == $1.count } }

        /// The next order to send, round robin over the chains with orders left.
        func pending(_ turn: Int) -> (chain: Int, order: Transaction)? {
            let open = chains.indices.filter { next[$0] < chains[$0].count }
            guard !open.isEmpty else { return nil }
            let chain = open[turn % open.count]
            return (chain, chains[chain][next[chain]])
        }

        /// Records the node's reply; false when the reply means the test's assumptions broke.
        mutating func record(_ reply: IntakeReply, chain: Int, order: Transaction) -> Bool {
            let id = order.id(suite: suite)
            switch reply {
            case .accepted(id):
                acknowledged.insert(id)
            case .rejected(let rejection) where unresolved.contains(id) && Self.alreadyIn(rejection):
                inferred.insert(id)
            default:
                return false
            }
            unresolved.remove(id)
            next[chain] += 1
            return true
        }

        /// A resent order the node refuses as a duplicate is pooled; one whose input is
        /// spent is committed (only this order spends that change output).
        static func alreadyIn(_ rejection: IntakeRejection) -> Bool {
            rejection.name == ChainError.duplicate(id: .zero).name || rejection.code == 8001
        }
    }

    @Test(
        "8 seeded SIGKILLs under load: every acknowledged order is committed, and the chain re-verifies from genesis to the stored commitment",
        .enabled(if: NodeProcess.binary != nil, "the lodestone executable is not built: run `swift build` (make test builds it)"))
    func crashAndRecover() throws {
        let binary = try #require(NodeProcess.binary)
        let devnet = try TestDevnet(traders: 2, intakeEndpoint: "tcp://127.0.0.1:\(try Self.freePort())", blockIntervalMs: 50)
        let settings = try devnet.settings()
        let chains = OrderChains(
            config: settings.chain, traders: [devnet.trader(1), devnet.trader(2)], length: Self.ordersPerTrader, seed: Self.seed)
        var ledger = Ledger(chains.chains, suite: settings.chain.suite)
        var rng = seededRandom(Self.seed)
        let logPath = devnet.directory + "/node.log"
        var turn = 0
        for round in 0...Self.kills {
            let node = try NodeProcess(binary: binary, directory: devnet.directory, logPath: logPath)
            let client = try IntakeClient(endpoint: settings.configuration.intakeEndpoint)
            defer { client.close() }
            try #require(Self.waitUntilServing(client), "node did not start:\n\(node.logTail())")
            let isLast = round == Self.kills
            let sends = isLast ? Int.max : Gen.int(in: 0...30).run(using: &rng)
            for _ in 0..<sends {
                guard let (chain, order) = ledger.pending(turn) else { break }
                turn += 1
                let reply = try client.submit(order, timeoutMs: Self.replyTimeoutMs)
                let expected = ledger.record(reply, chain: chain, order: order)
                try #require(expected, "unexpected reply \(reply):\n\(node.logTail())")
                // Spread the load over several blocks, so kills also land mid-block.
                Thread.sleep(forTimeInterval: Double(Gen.int(in: 0...8).run(using: &rng)) / 1_000)
            }
            if isLast {
                try finish(node, client: client)
            } else {
                try kill(node, client: client, ledger: &ledger, turn: &turn, rng: &rng)
            }
        }
        #expect(ledger.isDone)
        try verifyStoredChain(settings, ledger: ledger)
    }

    /// Kills the node at a seeded moment: just after sending an order it has not answered
    /// yet (between admission, journal and ack), or while it idles between blocks.
    func kill(_ node: NodeProcess, client: IntakeClient, ledger: inout Ledger, turn: inout Int, rng: inout Xoshiro) throws {
        if Gen.int(in: 0...3).run(using: &rng) > 0, let (_, order) = ledger.pending(turn) {
            ledger.unresolved.insert(order.id(suite: ledger.suite))
            try RawIntake.send(IntakeRequest.transaction(order).frames, endpoint: client.endpoint)
            Thread.sleep(forTimeInterval: Double(Gen.int(in: 0...3_000).run(using: &rng)) / 1_000_000)
        } else {
            Thread.sleep(forTimeInterval: Double(Gen.int(in: 0...150).run(using: &rng)) / 1_000)
        }
        try #require(node.isRunning, "node died on its own:\n\(node.logTail())")
        try #require(node.kill(timeoutMs: Self.exitTimeoutMs), "node did not die on SIGKILL")
    }

    /// Waits for the pool to drain into blocks, then stops the node cleanly with SIGTERM.
    func finish(_ node: NodeProcess, client: IntakeClient) throws {
        let deadline = Date(timeIntervalSinceNow: Double(Self.startTimeoutMs) / 1_000)
        var status = try client.status(timeoutMs: Self.replyTimeoutMs)
        while status.mempool?.transactions != 0 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            status = try client.status(timeoutMs: Self.replyTimeoutMs)
        }
        #expect(status.mempool?.transactions == 0, "the pool did not drain: \(status)\n\(node.logTail())")
        #expect(node.terminate(timeoutMs: Self.exitTimeoutMs) == 0, "no clean exit on SIGTERM:\n\(node.logTail())")
    }

    /// (a) every acknowledged (and every inferred) order is in a committed block; (b) a fresh
    /// state that verifies and commits every stored block from genesis ends at the stored
    /// tip and commitment.
    func verifyStoredChain(_ settings: NodeSettings, ledger: Ledger) throws {
        let store = try LevelDBStore(path: settings.dataPath)
        defer { store.close() }
        let chainStore = ChainStore(store: store, suite: settings.chain.suite)
        let stored = try chainStore.open(config: settings.chain)
        #expect(!ledger.acknowledged.isEmpty)
        for id in ledger.acknowledged.union(ledger.inferred) {
            #expect(try chainStore.location(ofTransaction: id) != nil, "order \(id) was acknowledged but is in no block")
        }
        var replayed = try ChainState.genesis(settings.chain)
        var fills = 0
        for height in 1...stored.height {
            let block = try #require(try chainStore.block(at: height))
            let outcome = try replayed.verify(block)
            replayed.commit(outcome, header: block.header)
            fills += outcome.trades.count
        }
        #expect(replayed.tipHash == stored.tipHash)
        #expect(replayed.commitment == stored.commitment)
        #expect(fills > 0, "the orders should cross and settle")
    }

    static func waitUntilServing(_ client: IntakeClient) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(startTimeoutMs) / 1_000)
        while Date() < deadline {
            if (try? client.status(timeoutMs: 250)) != nil { return true }
        }
        return false
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let socket = try ZMQSocket(try ZMQContext(), type: .router)
        defer { socket.close() }
        try socket.bind("tcp://127.0.0.1:*")
        return try #require(Int(try socket.lastEndpoint.split(separator: ":").last ?? ""))
    }
}
