import CLevelDB

// The one place that calls LevelDB's C API. Everything here is internal; LevelDBStore adds
// locking and lifecycle on top, and no pointer leaves the module.

/// An open LevelDB database and every C object it owns.
///
/// `get`, `scan` and `write` may run concurrently (LevelDB is thread-safe and they only read
/// the snapshot table); `createSnapshot`, `releaseSnapshot` and deinit need exclusive access.
/// LevelDBStore's lock provides both.
final class NativeDatabase {
    private let path: String
    private let database: OpaquePointer
    /// Kept until after `leveldb_close`: the database keeps using its cache and filter.
    private let options: NativeOptions
    private let readOptions: OpaquePointer
    /// Checksum-verified reads for `checkAll`, which must not flood the block cache.
    private let sweepOptions: OpaquePointer
    private let verifyChecksums: Bool
    private let syncWriteOptions: OpaquePointer
    private let asyncWriteOptions: OpaquePointer
    /// Live snapshots by id. Snapshot objects hold only an id, so that deinit can release
    /// every snapshot before closing, and a snapshot used afterwards finds its id gone.
    private var snapshots: [UInt64: NativeSnapshot] = [:]
    private var nextSnapshotID: UInt64 = 0

    /// Opens the database at `path`; see `LevelDBStore.init` for the errors.
    init(path: String, options: LevelDBOptions) throws(StorageError) {
        let native = try NativeOptions(path: path, options: options)
        let database = try callLevelDB(path: path, phase: .opening) {
            leveldb_open(native.pointer, path, $0)
        }
        guard let database else {
            throw .unrecognized(path: path, detail: "leveldb_open returned neither a database nor an error")
        }
        self.path = path
        self.database = database
        self.options = native
        verifyChecksums = options.verifyChecksums
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_verify_checksums(readOptions, options.verifyChecksums ? 1 : 0)
        sweepOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_verify_checksums(sweepOptions, 1)
        leveldb_readoptions_set_fill_cache(sweepOptions, 0)
        syncWriteOptions = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(syncWriteOptions, 1)
        asyncWriteOptions = leveldb_writeoptions_create()
    }

    /// LevelDB requires snapshots released before the database closes, and the database
    /// closed before its options, cache and filter policy go (`options` is released after
    /// this body runs).
    deinit {
        for snapshot in snapshots.values { snapshot.release(from: database) }
        leveldb_close(database)
        leveldb_readoptions_destroy(readOptions)
        leveldb_readoptions_destroy(sweepOptions)
        leveldb_writeoptions_destroy(syncWriteOptions)
        leveldb_writeoptions_destroy(asyncWriteOptions)
    }

    /// The value at `key` in the live database or in snapshot `snapshotID`.
    func get(_ key: [UInt8], snapshotID: UInt64?) throws(StorageError) -> [UInt8]? {
        let readOptions = try readOptions(for: snapshotID)
        var valueCount = 0
        let value = try callLevelDB(path: path, phase: .operating) { error in
            withCBytes(key) { leveldb_get(database, readOptions, $0, $1, &valueCount, error) }
        }
        // NULL without an error means "not found"; an empty value is a non-NULL malloc(0)
        // block (glibc and Darwin never return NULL for it).
        guard let value else { return nil }
        defer { leveldb_free(value) }
        return copyCBytes(value, count: valueCount)
    }

    /// The entries of `range` in the live database or in snapshot `snapshotID`. A LevelDB
    /// iterator reads from an implicit snapshot, so even a live scan is consistent.
    func scan(_ range: ScanRange, snapshotID: UInt64?) throws(StorageError) -> [KeyValueEntry] {
        let readOptions = try readOptions(for: snapshotID)
        let iterator: OpaquePointer = leveldb_create_iterator(database, readOptions)
        defer { leveldb_iter_destroy(iterator) }
        let entries = Self.collect(range, from: iterator)
        // A damaged block ends iteration early; only this tells it from the range's end.
        try callLevelDB(path: path, phase: .operating) { leveldb_iter_get_error(iterator, $0) }
        return entries
    }

    /// Applies `batch` atomically; with `sync`, fsyncs the log before returning.
    func write(_ batch: WriteBatch, sync: Bool) throws(StorageError) {
        let native = NativeWriteBatch(batch)
        let writeOptions = sync ? syncWriteOptions : asyncWriteOptions
        try callLevelDB(path: path, phase: .operating) {
            leveldb_write(database, writeOptions, native.pointer, $0)
        }
    }

    /// Reads every entry of the database with checksums verified and without filling the
    /// block cache; throws `.corrupt` at the first damaged block. Returns what it read.
    func checkAll() throws(StorageError) -> LevelDBSweep {
        let iterator: OpaquePointer = leveldb_create_iterator(database, sweepOptions)
        defer { leveldb_iter_destroy(iterator) }
        var sweep = LevelDBSweep()
        leveldb_iter_seek_to_first(iterator)
        while leveldb_iter_valid(iterator) != 0 {
            var keyCount = 0
            var valueCount = 0
            _ = leveldb_iter_key(iterator, &keyCount)
            _ = leveldb_iter_value(iterator, &valueCount)
            sweep.entries += 1
            sweep.bytes += keyCount + valueCount
            leveldb_iter_next(iterator)
        }
        // A damaged block ends iteration early; only this tells it from the end.
        try callLevelDB(path: path, phase: .operating) { leveldb_iter_get_error(iterator, $0) }
        return sweep
    }

    /// Compacts the whole key range: the log and every level are rewritten into sorted
    /// table files at the bottom level (blocks until done).
    func compactAll() {
        leveldb_compact_range(database, nil, 0, nil, 0)
    }

    /// Takes a snapshot of the database as of now and returns its id. Needs exclusive access.
    func createSnapshot() -> UInt64 {
        let id = nextSnapshotID
        nextSnapshotID += 1
        snapshots[id] = NativeSnapshot(of: database, verifyChecksums: verifyChecksums)
        return id
    }

    /// Releases snapshot `id`; a no-op if it is already gone. Needs exclusive access.
    func releaseSnapshot(_ id: UInt64) {
        snapshots.removeValue(forKey: id)?.release(from: database)
    }

    /// Rebuilds a damaged database from the table and log files that survive.
    static func repair(path: String, options: LevelDBOptions) throws(StorageError) {
        let native = try NativeOptions(path: path, options: options)
        try callLevelDB(path: path, phase: .opening) { leveldb_repair_db(native.pointer, path, $0) }
    }

    /// Deletes the database's files.
    static func destroy(path: String, options: LevelDBOptions) throws(StorageError) {
        let native = try NativeOptions(path: path, options: options)
        try callLevelDB(path: path, phase: .opening) { leveldb_destroy_db(native.pointer, path, $0) }
    }

    /// The read options of snapshot `snapshotID`, or of the live database when nil.
    private func readOptions(for snapshotID: UInt64?) throws(StorageError) -> OpaquePointer {
        guard let snapshotID else { return readOptions }
        guard let snapshot = snapshots[snapshotID] else { throw .closed(store: path) }
        return snapshot.readOptions
    }

    /// Seeks to the range's first key and copies entries until a key leaves the prefix or
    /// the limit is reached.
    private static func collect(_ range: ScanRange, from iterator: OpaquePointer) -> [KeyValueEntry] {
        withCBytes(range.seekKey) { leveldb_iter_seek(iterator, $0, $1) }
        var entries: [KeyValueEntry] = []
        while entries.count < range.limit && leveldb_iter_valid(iterator) != 0 {
            var keyCount = 0
            let key = copyCBytes(leveldb_iter_key(iterator, &keyCount), count: keyCount)
            guard range.admits(key) else { break }
            var valueCount = 0
            let value = copyCBytes(leveldb_iter_value(iterator, &valueCount), count: valueCount)
            entries.append(KeyValueEntry(key: key, value: value))
            leveldb_iter_next(iterator)
        }
        assert(entries.count <= range.limit)
        return entries
    }
}

/// A `leveldb_options_t` with the cache and filter policy it points to.
private final class NativeOptions {
    let pointer: OpaquePointer
    private let cache: OpaquePointer?
    private let filterPolicy: OpaquePointer?

    /// Checks `path` and `options` (before LevelDB touches the disk), then builds them.
    init(path: String, options: LevelDBOptions) throws(StorageError) {
        try StorageLimits.checkPath(path)
        try options.validate()
        pointer = leveldb_options_create()
        leveldb_options_set_create_if_missing(pointer, options.createIfMissing ? 1 : 0)
        leveldb_options_set_error_if_exists(pointer, options.errorIfExists ? 1 : 0)
        leveldb_options_set_paranoid_checks(pointer, options.paranoidChecks ? 1 : 0)
        leveldb_options_set_write_buffer_size(pointer, options.writeBufferBytes)
        leveldb_options_set_max_open_files(pointer, Int32(options.maxOpenFiles))
        cache = options.cacheBytes > 0 ? leveldb_cache_create_lru(options.cacheBytes) : nil
        if let cache { leveldb_options_set_cache(pointer, cache) }
        filterPolicy = options.bloomFilterBitsPerKey > 0
            ? leveldb_filterpolicy_create_bloom(Int32(options.bloomFilterBitsPerKey)) : nil
        if let filterPolicy { leveldb_options_set_filter_policy(pointer, filterPolicy) }
    }

    deinit {
        leveldb_options_destroy(pointer)
        if let cache { leveldb_cache_destroy(cache) }
        if let filterPolicy { leveldb_filterpolicy_destroy(filterPolicy) }
    }
}

/// A LevelDB snapshot and the read options bound to it.
private struct NativeSnapshot {
    let snapshot: OpaquePointer
    let readOptions: OpaquePointer

    init(of database: OpaquePointer, verifyChecksums: Bool) {
        snapshot = leveldb_create_snapshot(database)
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_verify_checksums(readOptions, verifyChecksums ? 1 : 0)
        leveldb_readoptions_set_snapshot(readOptions, snapshot)
    }

    func release(from database: OpaquePointer) {
        leveldb_readoptions_destroy(readOptions)
        leveldb_release_snapshot(database, snapshot)
    }
}

/// A `leveldb_writebatch_t` filled from a `WriteBatch`, destroyed with this object.
private final class NativeWriteBatch {
    let pointer: OpaquePointer

    init(_ batch: WriteBatch) {
        pointer = leveldb_writebatch_create()
        for operation in batch.operations {
            append(operation)
        }
    }

    deinit {
        leveldb_writebatch_destroy(pointer)
    }

    private func append(_ operation: WriteBatch.Operation) {
        switch operation {
        case .put(let key, let value):
            withCBytes(key) { keyBytes, keyCount in
                withCBytes(value) { leveldb_writebatch_put(pointer, keyBytes, keyCount, $0, $1) }
            }
        case .delete(let key):
            withCBytes(key) { leveldb_writebatch_delete(pointer, $0, $1) }
        }
    }
}

/// Calls a LevelDB function that reports failure through a `char** errptr`, frees the error
/// string and turns it into a typed error.
private func callLevelDB<R>(
    path: String,
    phase: StorageError.LevelDBPhase,
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R
) throws(StorageError) -> R {
    var errorText: UnsafeMutablePointer<CChar>?
    let result = body(&errorText)
    guard let errorText else { return result }
    let detail = String(cString: errorText)
    leveldb_free(errorText)
    throw StorageError(levelDBStatus: detail, path: path, phase: phase)
}

/// Lends `bytes` to C as a pointer and length. An empty array still gets a valid pointer,
/// since LevelDB passes it to memcpy.
private func withCBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress, raw.count > 0 else {
            let empty: CChar = 0
            return withUnsafePointer(to: empty) { body($0, 0) }
        }
        return body(base.assumingMemoryBound(to: CChar.self), raw.count)
    }
}

/// Copies `count` bytes that LevelDB owns into a Swift array.
private func copyCBytes(_ pointer: UnsafePointer<CChar>?, count: Int) -> [UInt8] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
}
