import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import Logging
import Node
import Primitives
import Synchronization

/// A clock the test moves by hand, so blocks come exactly when a test asks.
final class ManualClock: NodeClock {
    private let nowValue: Atomic<UInt64>

    init(_ startMs: UInt64) { nowValue = Atomic(startMs) }

    func nowMs() -> UInt64 { nowValue.load(ordering: .acquiring) }

    func advance(byMs delta: UInt64) { nowValue.add(delta, ordering: .acquiringAndReleasing) }
}

/// A devnet node started in-process on 127.0.0.1 wildcard ports, with its journaled mempool,
/// its order-entry gateway and a manual clock; removed with its folder when released.
final class GatewayNode {
    static let suite = SchnorrSecp256k1Suite()
    static let waitMs = 10_000
    static let blockIntervalMs: UInt64 = 100
    static let genesisTimestampMs: UInt64 = 1_700_000_000_000
    static let marketsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Markets").path

    let directory: String
    let node: Node
    let clock = ManualClock(genesisTimestampMs + 1_000)
    let config: ChainConfig
    let status: IntakeClient

    /// Fixed keys, so every run builds the same chain: trader N is 32 bytes of 0x10 + N.
    static func key(_ name: String) -> any SigningKey {
        let byte: UInt8 = switch name {
        case "validator": 0x01
        case "fee-collector": 0x02
        default: 0x10 + (name.split(separator: "-").last.flatMap { UInt8($0) } ?? 0)
        }
        return try! suite.signingKey(secret: [UInt8](repeating: byte, count: 32))
    }

    /// `configure` may change node.json (and write files into the folder) before the start.
    init(burst: UInt64 = 2_000, configure: (_ configuration: inout NodeConfiguration, _ directory: String) throws -> Void = { _, _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-gateway-\(UUID().uuidString)").path
        let layout = DevnetLayout(directory: directory)
        var options = DevnetOptions()
        options.marketsDirectory = Self.marketsDirectory
        options.traders = 3
        options.intakeEndpoint = "tcp://127.0.0.1:*"
        // A devnet running on this machine (or a parallel test) must not own our feed ports.
        options.feedEndpoint = "tcp://127.0.0.1:*"
        options.snapshotEndpoint = "tcp://127.0.0.1:*"
        options.blockIntervalMs = Self.blockIntervalMs
        options.genesisTimestampMs = Self.genesisTimestampMs
        options.makeKey = { Self.key($0) }
        try layout.create(options)
        let configPath = directory + "/" + NodeConfiguration.fileName
        var configuration = try NodeConfiguration.load(path: configPath)
        configuration.gatewayBurst = burst
        try configure(&configuration, directory)
        try configuration.write(to: configPath, replace: true)
        let settings = try NodeSettings.load(directory: directory)
        config = settings.chain
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .error
        node = try Node.start(settings, makePool: settings.mempoolFactory, clock: clock, logger: logger)
        status = try IntakeClient(endpoint: node.intakeEndpoint)
    }

    deinit {
        status.close()
        node.stop()
        node.waitUntilStopped()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func trader(_ number: Int) -> any SigningKey { Self.key("trader-\(number)") }

    func client() throws -> OrderEntryClient { try OrderEntryClient(endpoint: node.gatewayEndpoint!) }

    /// The genesis allocation of `asset` to `key`.
    func genesisCoin(_ key: any SigningKey, asset: String) -> SpendableCoin {
        let index = config.genesis.allocations.firstIndex { $0.asset == asset && $0.program == .payToKey(key.publicKey) }!
        let id = Transaction.outputID(transactionID: config.chainID, index: index, suite: config.suite)
        return SpendableCoin(id: id, amount: config.genesis.allocations[index].amount.units)
    }

    /// Moves the clock one block interval and waits (bounded) until the block is committed.
    func produceBlock() throws {
        let height = try status.status(timeoutMs: Self.waitMs).height
        clock.advance(byMs: Self.blockIntervalMs)
        let deadline = Date(timeIntervalSinceNow: Double(Self.waitMs) / 1_000)
        while try status.status(timeoutMs: Self.waitMs).height == height, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    /// Transactions waiting in the mempool.
    func pooledTransactions() throws -> Int { try status.status(timeoutMs: Self.waitMs).mempool?.transactions ?? -1 }
}

extension GatewayNode {
    /// The chain of a fresh devnet made with the fixed keys (its folder removed at once), for
    /// tests that need a chain but no node.
    static func chainConfig() throws -> ChainConfig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-gateway-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = DevnetOptions()
        options.marketsDirectory = marketsDirectory
        options.traders = 3
        options.genesisTimestampMs = genesisTimestampMs
        options.makeKey = { key($0) }
        try DevnetLayout(directory: directory).create(options)
        return try NodeSettings.load(directory: directory).chain
    }
}
