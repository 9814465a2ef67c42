import Chain
import Foundation
import Node
import Pool
import Primitives
import Storage
import Testing

/// A devnet whose data folder holds a chain of real blocks, made by a `BlockProducer` on the
/// node's own checked LevelDB folder with its chain record, then closed: the folder the
/// storage-fault tests damage.
final class StoredChain {
    let devnet: TestDevnet
    let settings: NodeSettings
    let log = LogRecorder()
    /// Height and tip hash after each produced block (index 0: genesis).
    private(set) var tips: [(height: UInt64, hash: Hash256)] = []

    /// `blocks` blocks; the first carries a resting ask and a crossing bid (a trade and a
    /// settlement). With `compact`, everything is compacted into .ldb tables before closing.
    init(blocks: Int, compact: Bool = false) throws {
        devnet = try TestDevnet()
        settings = try devnet.settings()
        let folder = try DataFolder.open(settings, create: true, logger: log.logger)
        defer { folder.store.close() }
        var producer = try producer(folder)
        tips.append((producer.state.height, producer.state.tipHash))
        let maker = OrderMaker(config: settings.chain)
        let ask = maker.order(devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC")).0
        let bid = maker.order(devnet.trader(2), .buy, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(2), asset: "USDT")).0
        _ = producer.submit([ask, bid])
        for step in 1...blocks {
            _ = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + UInt64(step) * 100)
            tips.append((producer.state.height, producer.state.tipHash))
        }
        if compact { try folder.store.compactAll() }
    }

    /// A producer on an opened folder, keeping its chain record, as `Node.start` makes it.
    func producer(_ folder: DataFolder) throws -> BlockProducer<LevelDBStore> {
        try BlockProducer(
            store: folder.store, config: settings.chain, validatorKey: settings.validatorKey,
            limits: BlockLimits(maxTransactions: 100, maxCancels: 100), makePool: { config, _ throws(ChainError) in try Mempool(config: config) },
            chainRecord: folder.record, logger: log.logger)
    }

    var dataPath: String { settings.dataPath }
    var record: ChainRecordFile { ChainRecordFile(path: settings.chainRecordPath) }

    /// The record of the tip after `height`.
    func record(at height: Int) -> ChainRecord {
        ChainRecord(chainID: settings.chain.chainID, height: tips[height].height, tipHash: tips[height].hash)
    }

    /// The data folder's files and their sizes.
    func files() throws -> [String: Int] {
        var sizes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dataPath) {
            sizes[name] = try FileManager.default.attributesOfItem(atPath: dataPath + "/" + name)[.size] as? Int ?? 0
        }
        return sizes
    }

    /// The newest LevelDB log file (the highest file number).
    func newestLog() throws -> String {
        let logs = try files().keys.filter { $0.hasSuffix(".log") }.sorted()
        return dataPath + "/" + (try #require(logs.last))
    }

    /// Cuts the file at `path` to `size` bytes.
    func truncate(_ path: String, to size: Int) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(size))
    }

    /// Opens the folder as the node does; on success, also makes the producer (which
    /// rewrites the record) and returns its height, closing everything again.
    @discardableResult
    func reopen() throws -> UInt64 {
        let folder = try DataFolder.open(settings, create: true, logger: log.logger)
        defer { folder.store.close() }
        return try producer(folder).state.height
    }

    /// The error `reopen` throws; records an issue when it opens.
    func refusal(sourceLocation: SourceLocation = #_sourceLocation) -> NodeError? {
        #expect(throws: NodeError.self, sourceLocation: sourceLocation) { try self.reopen() }
    }
}
