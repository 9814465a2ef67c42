import CLevelDB

/// A `KeyValueStore` on a LevelDB database folder.
///
/// Thread-safe: reads, writes and scans from many threads run concurrently inside LevelDB;
/// `close` waits for them, then releases the database, its snapshots and its LOCK file.
/// A closed store throws `StorageError.closed` from every call instead of crashing.
public final class LevelDBStore: KeyValueStore, @unchecked Sendable {
    /// The database folder.
    public let path: String
    /// The options the database was opened with.
    public let options: LevelDBOptions

    /// Shared for database calls, exclusive for close and the snapshot table.
    let lock = ReadWriteLock()
    /// The open database; nil once closed. Read or written only while holding `lock`.
    var handles: LevelDBHandles?

    /// Opens (or, with `createIfMissing`, creates) the database at `path`.
    ///
    /// Throws `.locked` if another handle has it open, `.corrupt` if its files are damaged,
    /// `.missing` / `.alreadyExists` per the options, `.unusablePath` if the folder cannot be
    /// created or written, `.invalidPath` / `.invalidOption` for bad arguments.
    public init(path: String, options: LevelDBOptions = LevelDBOptions()) throws(StorageError) {
        let native = try Self.nativeOptions(path: path, options: options)
        let database = try callLevelDB(path: path, phase: .opening) {
            leveldb_open(native.pointer, path, $0)
        }
        guard let database else {
            throw .unrecognized(path: path, detail: "leveldb_open returned neither a database nor an error")
        }
        self.path = path
        self.options = options
        handles = LevelDBHandles(database: database, options: native)
    }

    /// Checks `path` and `options` and builds the C options every path-level call needs.
    static func nativeOptions(path: String, options: LevelDBOptions) throws(StorageError) -> NativeOptions {
        try StorageLimits.checkPath(path)
        try options.validate()
        return NativeOptions(options)
    }

    public var isClosed: Bool {
        lock.withReadLock { handles == nil }
    }

    public func close() {
        // Dropping the handles closes the database after releasing its snapshots.
        lock.withWriteLock { handles = nil }
    }

    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try get(key, snapshotID: nil)
    }

    public func write(_ batch: WriteBatch, sync: Bool) throws(StorageError) {
        assert(batch.byteCount <= batch.bytesMax, "WriteBatch exceeded its own budget")
        let native = NativeWriteBatch(batch)
        try withOpenHandles { (handles) throws(StorageError) in
            let writeOptions = sync ? handles.syncWriteOptions : handles.asyncWriteOptions
            try callLevelDB(path: path, phase: .operating) {
                leveldb_write(handles.database, writeOptions, native.pointer, $0)
            }
        }
    }

    /// Runs `body` on the open database holding the shared lock, or throws `.closed`.
    func withOpenHandles<R>(
        _ body: (LevelDBHandles) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        try lock.withReadLock { () throws(StorageError) -> R in
            guard let handles else { throw .closed(store: path) }
            return try body(handles)
        }
    }

    /// Runs `body` with the database and the read options of snapshot `snapshotID` (the
    /// live view when nil); throws `.closed` once the store, and so the snapshot, is gone.
    func withReadOptions<R>(
        snapshotID: UInt64?,
        _ body: (_ database: OpaquePointer, _ readOptions: OpaquePointer) throws(StorageError) -> R
    ) throws(StorageError) -> R {
        try withOpenHandles { (handles) throws(StorageError) -> R in
            guard let snapshotID else { return try body(handles.database, handles.readOptions) }
            guard let snapshot = handles.snapshots[snapshotID] else { throw .closed(store: path) }
            return try body(handles.database, snapshot.readOptions)
        }
    }

    /// Point read shared by the store and its snapshots.
    func get(_ key: [UInt8], snapshotID: UInt64?) throws(StorageError) -> [UInt8]? {
        try StorageLimits.checkKey(key)
        return try withReadOptions(snapshotID: snapshotID) { (database, readOptions) throws(StorageError) in
            var valueCount = 0
            let value = try callLevelDB(path: path, phase: .operating) { error in
                withCBytes(key) { leveldb_get(database, readOptions, $0, $1, &valueCount, error) }
            }
            // NULL without an error means "not found"; an empty value is a non-NULL
            // malloc(0) block (glibc and Darwin never return NULL for it).
            guard let value else { return nil }
            defer { leveldb_free(value) }
            return copyCBytes(value, count: valueCount)
        }
    }
}
