import Chain
import Crypto
import Foundation
import Ledger
import Node
import Pool
import Primitives
import Storage
import Synchronization
import Testing

@Suite("Raw intake: held to a rate per client and in total, its signatures checked in the signature stage", .serialized)
struct RawIntakeLimitsTests {
    static let waitMs = 10_000

    /// The devnet's settings with `change` applied to node.json's values.
    static func settings(_ devnet: TestDevnet, _ change: (inout NodeConfiguration) -> Void) throws -> NodeSettings {
        let base = try devnet.settings()
        var configuration = base.configuration
        change(&configuration)
        return try NodeSettings(directory: base.directory, configuration: configuration, chain: base.chain, validatorKey: base.validatorKey)
    }

    /// A node whose clock never moves, so no bucket refills and no block is made.
    static func start(_ settings: NodeSettings, makePool: MempoolFactory? = nil) throws -> Node {
        let unjournaled: MempoolFactory = { config, _ throws(ChainError) in try Mempool(config: config) }
        return try Node.start(
            settings, makePool: makePool ?? unjournaled, clock: ManualClock(TestDevnet.genesisTimestampMs + 1_000),
            logger: LogRecorder().logger)
    }

    static func stop(_ node: Node) {
        node.stop()
        #expect(node.waitUntilStopped(timeoutMs: waitMs))
    }

    static let rateLimited = IntakeReply.rejected(IntakeRejection(code: 9207, name: "intake_rate_limited"))

    @Test(
        "a client over intake_burst gets intake_rate_limited (9207) and the counter moves; another client is still served and sees the count"
    )
    func clientOverRate() throws {
        let devnet = try TestDevnet()
        let node = try Self.start(
            try Self.settings(devnet) {
                $0.intakeRatePerSecond = 1
                $0.intakeBurst = 3
            })
        defer { Self.stop(node) }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        for _ in 0..<3 { #expect(try client.status(timeoutMs: Self.waitMs).height == 0) }
        #expect(try client.send(.status, timeoutMs: Self.waitMs) == Self.rateLimited)
        let other = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { other.close() }
        let status = try other.status(timeoutMs: Self.waitMs)
        #expect(status.traffic?.intake.rateLimited == 1)
        #expect(node.intakeCounters.current.rateLimited == 1 && node.intakeCounters.current.totalRateLimited == 0)
    }

    @Test("many identities together get no more transactions in than intake_total_rate_per_second allows; status is still answered")
    func totalBudget() throws {
        let devnet = try TestDevnet()
        let settings = try Self.settings(devnet) { $0.intakeTotalRatePerSecond = 3 }
        let node = try Self.start(settings)
        defer { Self.stop(node) }
        let maker = OrderMaker(config: settings.chain)
        let order = maker.order(
            devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC")
        ).0
        // Each request on a socket of its own: a new ROUTER identity every time.
        let replies = try (0..<7).map { _ in
            try IntakeReply.decode(
                try RawIntake.request(IntakeRequest.transaction(order).frames, endpoint: node.intakeEndpoint, timeoutMs: Self.waitMs),
                for: .transaction)
        }
        #expect(replies.first == .accepted(order.id(suite: settings.chain.suite)))
        #expect(replies.filter { $0 == Self.rateLimited }.count == 4)
        #expect(
            replies.dropFirst().prefix(2).allSatisfy {
                if case .rejected(let rejection) = $0 { rejection.name == "duplicate" } else { false }
            })
        #expect(node.intakeCounters.current.totalRateLimited == 4 && node.intakeCounters.current.rateLimited == 0)
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        #expect(try client.status(timeoutMs: Self.waitMs).traffic?.intake.totalRateLimited == 4)
    }

    @Test(
        "a raw transaction with a bad signature is verified in the signature stage (the pool's preverify sees it first) and refused with the mempool's own code"
    )
    func badSignatureInStage() throws {
        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let maker = OrderMaker(config: settings.chain)
        var bad = maker.order(
            devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC")
        ).0
        bad.inputs[0].witness = .signature(OrderMaker.placeholder)
        let id = bad.id(suite: settings.chain.suite)
        let direct = try settings.mempoolFactory(settings.chain, MemoryStore())
        let expected = try #require(
            direct.submit([.transaction(bad, suite: settings.chain.suite)], state: try ChainState.genesis(settings.chain)).first)
        guard case .failure(let expectedError) = expected else {
            Issue.record("a zero signature must be refused")
            return
        }
        let log = PoolLog()
        let node = try Self.start(settings) { config, journal throws(ChainError) in
            try Mempool(config: config, journal: journal, observer: log.observer(suite: config.suite))
        }
        defer { Self.stop(node) }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        // A reply carries the code and the name (the message stays in the node's log).
        let reply = try client.submit(bad, timeoutMs: Self.waitMs)
        #expect(reply == .rejected(IntakeRejection(code: expectedError.code, name: expectedError.name)))
        #expect(log.events == ["preverify \(id)", "submit \(id)"])
    }
}

/// What a recording pool was asked, in order.
final class PoolLog: Sendable {
    private let lines = Mutex<[String]>([])
    var events: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// A pool observer that logs each `preverify` and `submit` by transaction ID here.
    func observer(suite: any CryptoSuite) -> MempoolObserver {
        MempoolObserver(
            beforePreverify: { [self] in record("preverify", $0, suite) }, beforeSubmit: { [self] in record("submit", $0, suite) })
    }

    private func record(_ call: String, _ items: [PoolItem], _ suite: any CryptoSuite) {
        for case .transaction(let checked) in items { append("\(call) \(checked.id)") }
    }
}
