import Chain
import Foundation
import Logging
import Peg
import Primitives
import Storage
import Synchronization

/// A federation member as a process runs it (`lodestone federation run --dir DIR`): its
/// configuration, key, the sidechain genesis's peg terms, its record, its clients and its
/// share exchange, wired into a `FederationService`. `run` blocks until `stop()`.
public final class FederationMemberProcess: Sendable {
    public let directory: String
    public let configuration: FederationMemberConfiguration
    private let service: Mutex<FederationService?>
    private let stopped = Atomic<Bool>(false)
    private let clock: any PegClock

    /// Opens the member of `directory` (its record, the main chain client, the share exchange).
    public init(directory: String, clock: any PegClock = SystemPegClock(), logger: Logger) throws {
        self.directory = directory
        self.clock = clock
        let configuration = try FederationMemberConfiguration.load(directory: directory)
        self.configuration = configuration
        func path(_ name: String) -> String { name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name) }
        let key = try KeyFile.signingKey(at: path(configuration.keyFile))
        let genesisPath = path(configuration.genesisFile)
        let config = try GenesisFile.load(path: genesisPath).config(path: genesisPath)
        guard let peg = config.genesis.peg else {
            throw NodeError.configInvalid(
                path: genesisPath, field: "peg", reason: "this chain has no peg: there is nothing for a federation to do")
        }
        let terms = try PegTerms(genesis: peg, config: config)
        let store = try LevelDBStore(path: path(FederationMemberConfiguration.recordFolder))
        let record = FederationRecord(store: store)
        let mainChain = try DevnetMainChainClient(endpoint: configuration.mainChainRPC, suite: config.suite, timeoutMs: 5_000, clock: clock)
        let member = try FederationMember(
            terms: terms, key: key, client: mainChain, record: record, mainChain: peg.mainChain, firstHeight: configuration.firstHeight,
            logger: logger)
        let exchange = try ShareExchange(listen: configuration.listen, peers: configuration.peers, logger: logger)
        let sidechain = GatewaySidechainClient(endpoint: configuration.gateway, suite: config.suite)
        let service = FederationService(
            member: member, record: record, mainChain: mainChain, sidechain: sidechain, exchange: exchange, logger: logger)
        try service.resume()
        self.service = Mutex(service)
    }

    /// The status file in a member folder, rewritten about once a second while it runs.
    public static let statusFileName = "status.json"
    /// How often the status file is rewritten.
    public static let statusIntervalMs: UInt64 = 1_000

    /// Runs the member's ticks until `stop()`, writing `status.json` about once a second.
    public func run() {
        let clock = clock
        let statusPath = (directory as NSString).appendingPathComponent(Self.statusFileName)
        service.withLock { service in
            guard let service else { return }
            var lastStatusMs: UInt64?
            service.run(nowMs: { clock.nowMs() }, stop: { self.stopped.load(ordering: .acquiring) }) { nowMs in
                if let last = lastStatusMs, nowMs < last + Self.statusIntervalMs { return }
                lastStatusMs = nowMs
                if let status = try? service.status() { try? Self.write(status, to: statusPath) }
            }
        }
    }

    /// Writes `status` to `path` through a temporary file and a rename, so a reader never
    /// sees half a file.
    static func write(_ status: FederationStatus, to path: String) throws {
        let temporary = path + ".tmp"
        try JSONConfig.encode(status).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    /// Clears the halt recorded in a stopped member's record (an operator's decision after a
    /// deep reorg); returns the reason it cleared, nil when the member was not halted.
    public static func clearHalt(directory: String) throws -> String? {
        _ = try FederationMemberConfiguration.load(directory: directory)  // a member folder, not any folder
        let store = try LevelDBStore(path: (directory as NSString).appendingPathComponent(FederationMemberConfiguration.recordFolder))
        defer { store.close() }
        let record = FederationRecord(store: store)
        guard let reason = try record.haltReason() else { return nil }
        try record.clearHalt()
        return reason
    }

    /// The status a member folder's running member last wrote.
    public static func readStatus(directory: String) throws(NodeError) -> FederationStatus {
        try JSONConfig.decode(FederationStatus.self, path: (directory as NSString).appendingPathComponent(statusFileName))
    }

    /// Asks `run` to return after the tick under way.
    public func stop() { stopped.store(true, ordering: .releasing) }
}

extension PegTerms {
    /// The terms of the sidechain genesis's peg section: its federation, K and pegged assets
    /// (with their minimum deposits), bound to the sidechain's chain ID.
    public init(genesis peg: PegGenesis, config: ChainConfig) throws(FederationError) {
        var minimums: [AssetID: Amount] = [:]
        for asset in peg.peggedAssets {
            guard let id = config.assetIDs[asset.symbol] else {
                throw .badConfiguration("pegged asset \(asset.symbol) is not an asset of the chain")
            }
            minimums[id] = asset.minimumDeposit
        }
        try self.init(
            federation: peg.federation, confirmationsRequired: peg.confirmationsRequired, depositMinimums: minimums,
            sidechainChainID: config.chainID, suite: config.suite)
    }
}
