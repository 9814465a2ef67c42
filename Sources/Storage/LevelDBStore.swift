/// A `KeyValueStore` on a LevelDB database folder.
///
/// Thread-safe: reads, writes and scans from many threads run concurrently inside LevelDB;
/// `close` waits for them, then releases the database, its snapshots and its LOCK file.
/// A closed store throws `StorageError.closed` from every call instead of crashing.
///
/// For bulk loads (and benchmarks), fill a `WriteBatch` with many puts and `write` it once.
public final class LevelDBStore: KeyValueStore, @unchecked Sendable {
    /// The database folder.
    public let path: String
    /// The options the database was opened with.
    public let options: LevelDBOptions

    /// Shared for reads and writes, exclusive for close and the snapshot table.
    private let lock = ReadWriteLock()
    /// The open database; nil once closed. Read or written only while holding `lock`.
    private var database: NativeDatabase?

    /// Opens (or, with `createIfMissing`, creates) the database at `path`.
    ///
    /// Throws `.locked` if another handle, in this process or another, has it open;
    /// `.corrupt` if its files are damaged; `.missing` / `.alreadyExists` per the options;
    /// `.unusablePath` if the folder cannot be created or written; `.invalidPath` /
    /// `.invalidOption` for bad arguments (checked before anything touches the disk).
    public init(path: String, options: LevelDBOptions = LevelDBOptions()) throws(StorageError) {
        database = try NativeDatabase(path: path, options: options)
        self.path = path
        self.options = options
    }

    /// Rebuilds a damaged database at `path` from whatever table and log files survive;
    /// data in damaged files is lost. The database must not be open.
    public static func repair(path: String, options: LevelDBOptions = LevelDBOptions()) throws(StorageError) {
        try NativeDatabase.repair(path: path, options: options)
    }

    /// Deletes the database at `path` (and its folder, if nothing else is in it); a missing
    /// database is not an error. Throws `.locked` if it is open.
    public static func destroy(path: String, options: LevelDBOptions = LevelDBOptions()) throws(StorageError) {
        try NativeDatabase.destroy(path: path, options: options)
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool {
        lock.withReadLock { database == nil }
    }

    /// Waits for running calls, then releases every snapshot, closes the database and frees
    /// its LOCK file. Later calls throw `.closed`; closing again does nothing.
    public func close() {
        lock.withWriteLock { database = nil }
    }

    /// The value at `key`, or nil. Throws `.invalidKey` for an empty or over-long key.
    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try get(key, snapshotID: nil)
    }

    /// The entries in `range`, in byte order, read from a consistent point in time.
    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try scan(range, snapshotID: nil)
    }

    /// Applies `batch` atomically; with `sync`, returns only once it is on disk.
    public func write(_ batch: WriteBatch, sync: Bool) throws(StorageError) {
        assert(batch.byteCount <= batch.bytesMax, "WriteBatch exceeded its own budget")
        try withDatabase { (database) throws(StorageError) in try database.write(batch, sync: sync) }
    }

    /// Reads every entry with its checksums verified (whatever `options` says), without
    /// filling the block cache: finds a damaged table or log block anywhere in the database,
    /// not only in the keys later reads touch. Throws `.corrupt` naming LevelDB's finding.
    /// Costs one sequential read of the database (docs/OPERATIONS.md, storage faults).
    public func checkAll() throws(StorageError) -> LevelDBSweep {
        try withDatabase { (database) throws(StorageError) in try database.checkAll() }
    }

    /// Compacts every level into sorted table files at the bottom level, blocking until
    /// done. For maintenance and tests; LevelDB compacts in the background on its own.
    public func compactAll() throws(StorageError) {
        try withDatabase { (database) throws(StorageError) in database.compactAll() }
    }

    /// A consistent read-only view as of now, released when the snapshot object goes away.
    public func snapshot() throws(StorageError) -> LevelDBSnapshot {
        let id = try lock.withWriteLock { () throws(StorageError) -> UInt64 in
            guard let database else { throw .closed(store: path) }
            return database.createSnapshot()
        }
        return LevelDBSnapshot(store: self, id: id)
    }

    /// Point read for the store (`snapshotID` nil) and its snapshots.
    func get(_ key: [UInt8], snapshotID: UInt64?) throws(StorageError) -> [UInt8]? {
        try StorageLimits.checkKey(key)
        return try withDatabase { (database) throws(StorageError) in try database.get(key, snapshotID: snapshotID) }
    }

    /// Range read for the store (`snapshotID` nil) and its snapshots.
    func scan(_ range: ScanRange, snapshotID: UInt64?) throws(StorageError) -> [KeyValueEntry] {
        try withDatabase { (database) throws(StorageError) in try database.scan(range, snapshotID: snapshotID) }
    }

    /// Releases snapshot `id` unless `close` already did.
    func releaseSnapshot(_ id: UInt64) {
        lock.withWriteLock { database?.releaseSnapshot(id) }
    }

    /// Runs `body` on the open database holding the shared lock, or throws `.closed`.
    private func withDatabase<R>(_ body: (NativeDatabase) throws(StorageError) -> R) throws(StorageError) -> R {
        try lock.withReadLock { () throws(StorageError) -> R in
            guard let database else { throw .closed(store: path) }
            return try body(database)
        }
    }
}
