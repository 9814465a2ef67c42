import Chain
import Foundation
import Node
import Pool
import Storage
import Testing

/// Findings 6 and 7: a damaged or missing database must be refused at open, never replaced
/// by a new chain nor opened at an earlier height; the chain record outside LevelDB says
/// what the folder must hold.
@Suite("Data folder: refused when it disagrees with the chain record, never re-created or opened behind")
struct DataFolderTests {
    /// The refusal's `found` text, or nil (recorded) for another error.
    func found(_ error: NodeError?, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard case let .dataFolderRefused(_, found, expected)? = error else {
            Issue.record("expected data_folder_refused, got \(String(describing: error))", sourceLocation: sourceLocation)
            return nil
        }
        #expect(expected.contains("height"), "names the recorded height: \(expected)", sourceLocation: sourceLocation)
        #expect(error?.code == 9103, sourceLocation: sourceLocation)
        return found
    }

    @Test("a normal restart opens at the same height, and the record follows every block")
    func normalRestart() throws {
        let chain = try StoredChain(blocks: 5)
        #expect(try chain.record.read() == chain.record(at: 5))
        #expect(try chain.reopen() == 5)
        #expect(try chain.record.read() == chain.record(at: 5))
    }

    @Test("CURRENT deleted: refused at open naming CURRENT, and not one table or log file is deleted")
    func currentDeleted() throws {
        let chain = try StoredChain(blocks: 5, compact: true)
        try FileManager.default.removeItem(atPath: chain.dataPath + "/CURRENT")
        let before = try chain.files()
        #expect(before.keys.contains { $0.hasSuffix(".ldb") })
        #expect(found(chain.refusal())?.contains("CURRENT") == true)
        #expect(try chain.files() == before)
        #expect(try chain.record.read() == chain.record(at: 5), "the record is left as it was")
    }

    @Test("the data folder emptied, or removed, while the record says height 5: refused, and no genesis is written")
    func emptiedFolder() throws {
        let chain = try StoredChain(blocks: 5)
        for name in try chain.files().keys { try FileManager.default.removeItem(atPath: chain.dataPath + "/" + name) }
        #expect(found(chain.refusal()) == "an empty data folder")
        #expect(try chain.files().isEmpty)
        try FileManager.default.removeItem(atPath: chain.dataPath)
        #expect(found(chain.refusal()) == "no data folder")
        #expect(!FileManager.default.fileExists(atPath: chain.dataPath))
    }

    @Test("the newest log cut to half or to zero after blocks were committed: refused, never opened at the earlier height",
          arguments: [2, 0])
    func truncatedLog(divisor: Int) throws {
        let chain = try StoredChain(blocks: 12)
        let log = try chain.newestLog()
        let size = try #require(try chain.files()[URL(fileURLWithPath: log).lastPathComponent])
        try chain.truncate(log, to: divisor == 0 ? 0 : size / divisor)
        let text = try #require(found(chain.refusal()))
        #expect(text.contains("behind the record") || text == "an empty database", "\(text)")
    }

    @Test("a table file with a flipped byte: refused at open as database_corrupt")
    func flippedTableByte() throws {
        let chain = try StoredChain(blocks: 12, compact: true)
        let tables = try chain.files().filter { $0.key.hasSuffix(".ldb") }
        let largest = try #require(tables.max { $0.value < $1.value })
        let handle = try #require(FileHandle(forUpdatingAtPath: chain.dataPath + "/" + largest.key))
        let offset = UInt64(min(200, largest.value / 4))
        try handle.seek(toOffset: offset)
        let old = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([old ^ 0x5A]))
        try handle.close()
        let error = chain.refusal()
        guard case .storage(.corrupt)? = error else {
            Issue.record("expected database_corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test("the crash window (database one block past the record) is accepted, and the record is rewritten to the database")
    func crashWindow() throws {
        let chain = try StoredChain(blocks: 5)
        try chain.record.write(chain.record(at: 4))
        #expect(try chain.reopen() == 5)
        #expect(try chain.record.read() == chain.record(at: 5))
        #expect(chain.log.messages.contains { $0.contains("1 block(s) past the chain record (a crash after the block, before the record)") })
    }

    @Test("a database further along the recorded chain is accepted; one whose block at the record's height differs, or forked at it, is refused")
    func aheadOrForked() throws {
        let chain = try StoredChain(blocks: 5)
        try chain.record.write(chain.record(at: 2))
        #expect(try chain.reopen() == 5)
        #expect(try chain.record.read() == chain.record(at: 5))
        let foreign = ChainRecord(chainID: chain.settings.chain.chainID, height: 3, tipHash: chain.record(at: 2).tipHash)
        try chain.record.write(foreign)
        #expect(found(chain.refusal())?.contains("is not the recorded tip") == true)
        let forked = ChainRecord(chainID: chain.settings.chain.chainID, height: 5, tipHash: chain.record(at: 4).tipHash)
        try chain.record.write(forked)
        #expect(found(chain.refusal())?.contains("another block at that height") == true)
    }

    @Test("a record of another chain is refused; a record that is not JSON is chain_record_invalid (9104)")
    func otherChainOrGarbage() throws {
        let chain = try StoredChain(blocks: 2)
        try chain.record.write(ChainRecord(chainID: .zero, height: 2, tipHash: .zero))
        let error = chain.refusal()
        #expect(error?.code == 9103 && error?.message.contains("a chain record of chain") == true, "\(String(describing: error))")
        try Data("{ nope".utf8).write(to: URL(fileURLWithPath: chain.record.path))
        #expect(chain.refusal()?.code == 9104)
    }

    @Test("a folder from before records (database, no record) opens and gets its record; lacking CURRENT it is refused untouched")
    func preRecordFolder() throws {
        let chain = try StoredChain(blocks: 3, compact: true)
        try FileManager.default.removeItem(atPath: chain.record.path)
        #expect(try chain.reopen() == 3)
        #expect(try chain.record.read() == chain.record(at: 3))
        try FileManager.default.removeItem(atPath: chain.record.path)
        try FileManager.default.removeItem(atPath: chain.dataPath + "/CURRENT")
        let before = try chain.files()
        let error = chain.refusal()
        #expect(error?.code == 9103 && error?.message.contains("no CURRENT file") == true, "\(String(describing: error))")
        #expect(try chain.files() == before)
    }

    /// Damage done to a stopped node's data folder behind its back.
    enum Damage: String, CaseIterable, Sendable {
        case currentDeleted, logHalved, folderEmptied

        func apply(to chain: StoredChain) throws {
            switch self {
            case .currentDeleted: try FileManager.default.removeItem(atPath: chain.dataPath + "/CURRENT")
            case .logHalved:
                let log = try chain.newestLog()
                try chain.truncate(log, to: (try chain.files()[URL(fileURLWithPath: log).lastPathComponent] ?? 0) / 2)
            case .folderEmptied:
                for name in try chain.files().keys { try FileManager.default.removeItem(atPath: chain.dataPath + "/" + name) }
            }
        }
    }

    @Test("Node.start and status --dir refuse a damaged folder (data_folder_refused, 9103) instead of starting over or behind",
          arguments: Damage.allCases)
    func nodeStartRefuses(damage: Damage) throws {
        let chain = try StoredChain(blocks: 12)
        try damage.apply(to: chain)
        do {
            let node = try Node.start(chain.settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: chain.log.logger)
            node.stop()
            node.waitUntilStopped()
            Issue.record("the node started on a folder with \(damage)")
        } catch {
            #expect(error.code == 9103, "\(error)")
        }
        #expect((#expect(throws: NodeError.self) { try NodeStatus.stored(chain.settings) })?.code == 9103)
    }
}
