import Chain
import Foundation
import Logging
import Storage

/// A node's LevelDB data folder, opened only when it agrees with the node folder's chain
/// record (docs/OPERATIONS.md, storage faults):
///
/// - record present: the database must exist (never re-created from genesis), hold the
///   record's chain, and be at the record's height and tip, or further along the same
///   chain (its block at the record's height is the record's tip): a crash between the
///   block's synced batch and the record leaves it one block ahead;
/// - record absent (a new node folder, or one from before records): an absent or empty
///   folder gets a new database; an existing database is taken as it is; files without
///   a CURRENT file are refused, since LevelDB would start afresh and delete them.
///
/// The database opens with paranoid checks and checksum-verified reads, and every entry is
/// read once with its checksums verified before anything else, so a damaged table is
/// refused at open and not found later while serving.
public struct DataFolder: Sendable {
    /// The open database.
    public let store: LevelDBStore
    /// The node folder's chain record, for the block producer to keep up to date.
    public let record: ChainRecordFile
    /// What the record said at open; nil when there was none.
    public let recorded: ChainRecord?
    /// What the database held at open; nil for a new, empty database.
    public let stored: StoredTip?
    /// What the checksum sweep at open read.
    public let sweep: LevelDBSweep

    /// Files that LevelDB writes before it holds any data (lock, info log); a folder with
    /// only these is as good as empty.
    static let bookkeepingFiles: Set<String> = ["LOCK", "LOG", "LOG.old"]

    /// Opens and checks the data folder of `settings`. `create` allows a new database when
    /// there is no record and the folder is absent or empty (the node); `status` and
    /// `verify` pass false. Throws `data_folder_refused` (9103) naming what was found and
    /// what was expected, `chain_record_invalid` (9104), or `storage_failed` (9101).
    public static func open(_ settings: NodeSettings, create: Bool, logger: Logger? = nil) throws(NodeError) -> DataFolder {
        let record = ChainRecordFile(path: settings.chainRecordPath)
        let recorded = try record.read()
        if let recorded, recorded.chainID != settings.chain.chainID {
            throw .dataFolderRefused(
                path: settings.dataPath, found: "a chain record of chain \(recorded.chainID) in \(record.path)",
                expected: "chain \(settings.chain.chainID) of \(settings.configuration.genesisFile)")
        }
        let creating = try mayCreate(settings.dataPath, recorded: recorded, create: create, recordPath: record.path)
        let store: LevelDBStore
        do { store = try LevelDBStore(path: settings.dataPath, options: .checked(createIfMissing: creating)) } catch {
            throw .storage(error)
        }
        do throws(NodeError) {
            let started = ContinuousClock.now
            let sweep: LevelDBSweep
            do { sweep = try store.checkAll() } catch { throw .storage(error) }
            logger?.info("data folder checked: \(sweep.entries) entries, \(sweep.bytes >> 20) MiB in \(milliseconds(since: started)) ms")
            let chainStore = ChainStore(store: store, suite: settings.chain.suite)
            let stored: StoredTip?
            do { stored = try chainStore.storedTip() } catch { throw .from(error) }
            try check(stored, against: recorded, chainStore: chainStore, settings: settings, logger: logger)
            return DataFolder(store: store, record: record, recorded: recorded, stored: stored, sweep: sweep)
        } catch {
            store.close()
            throw error
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    /// Whether LevelDB may create a database; throws when the folder's state forbids opening.
    private static func mayCreate(_ path: String, recorded: ChainRecord?, create: Bool, recordPath: String) throws(NodeError) -> Bool {
        let files: [String]? = try? FileManager.default.contentsOfDirectory(atPath: path)
        let dataFiles = (files ?? []).filter { !bookkeepingFiles.contains($0) }
        let hasCurrent = dataFiles.contains("CURRENT")
        if let recorded, !hasCurrent {
            let found = switch (files, dataFiles.isEmpty) {
            case (nil, _): "no data folder"
            case (_, true): "an empty data folder"
            case (_, false): "no CURRENT file among \(dataFiles.count) database files (LevelDB's pointer to its file list is gone)"
            }
            throw .dataFolderRefused(path: path, found: found, expected: "\(recorded) (\(recordPath))")
        }
        if recorded == nil, !hasCurrent, !dataFiles.isEmpty {
            throw .dataFolderRefused(
                path: path, found: "\(dataFiles.count) database files but no CURRENT file",
                expected: "an empty folder or a whole LevelDB database; LevelDB would start afresh and delete the tables")
        }
        return create && recorded == nil && !hasCurrent
    }

    /// Compares the stored tip with the record: the same tip, or a database further along
    /// the same chain (the crash window leaves it one block ahead; a record restored from an
    /// older copy, more), whose block at the record's height is the record's tip.
    private static func check<Store>(
        _ stored: StoredTip?, against recorded: ChainRecord?, chainStore: ChainStore<Store>, settings: NodeSettings, logger: Logger?
    ) throws(NodeError) {
        guard let recorded else { return }
        let expected = "\(recorded) (\(settings.chainRecordPath))"
        let refuse = { (found: String) in NodeError.dataFolderRefused(path: settings.dataPath, found: found, expected: expected) }
        guard let stored else { throw refuse("an empty database") }
        let found = "\(ChainRecord(stored))"
        guard stored.chainID == recorded.chainID else { throw refuse("a database of \(found)") }
        if stored.height == recorded.height {
            guard stored.hash == recorded.tipHash else { throw refuse("a database of \(found), another block at that height") }
            return
        }
        if stored.height < recorded.height {
            throw refuse("a database behind the record, at \(found): blocks were lost (cut log, lost file)")
        }
        let ancestor: Block?
        do { ancestor = try chainStore.block(at: recorded.height) } catch { throw .from(error) }
        // Height 0 has no stored block: its "hash" is the chain ID, already compared.
        let ancestorHash = ancestor?.header.hash(suite: settings.chain.suite) ?? (recorded.height == 0 ? stored.chainID : nil)
        guard ancestorHash == recorded.tipHash else {
            throw refuse("a database at \(found) whose block at height \(recorded.height) is not the recorded tip")
        }
        let reason = stored.height == recorded.height + 1 ? "a crash after the block, before the record" : "an older record"
        logger?.warning("data folder is \(stored.height - recorded.height) block(s) past the chain record (\(reason)); taking \(found)")
    }
}
