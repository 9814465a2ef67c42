import CLevelDB

// The C objects behind LevelDBStore and the helpers that move bytes and errors across the C
// boundary. Only LevelDBStore and its extensions use these; no pointer leaves the module.

/// A `leveldb_options_t` with the cache and filter policy it points to. The database opened
/// with it must be closed before this is released, because LevelDB keeps using both.
final class NativeOptions {
    let pointer: OpaquePointer
    private let cache: OpaquePointer?
    private let filterPolicy: OpaquePointer?

    /// Builds the C options; `options` must already be validated.
    init(_ options: LevelDBOptions) {
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
struct NativeSnapshot {
    let snapshot: OpaquePointer
    let readOptions: OpaquePointer

    init(of database: OpaquePointer) {
        snapshot = leveldb_create_snapshot(database)
        readOptions = leveldb_readoptions_create()
        leveldb_readoptions_set_snapshot(readOptions, snapshot)
    }

    func release(from database: OpaquePointer) {
        leveldb_readoptions_destroy(readOptions)
        leveldb_release_snapshot(database, snapshot)
    }
}

/// Everything one open database owns. Deinit tears it down in the order LevelDB requires:
/// snapshots, then the database, then (via `options`) the cache and filter policy.
///
/// Not thread-safe by itself: LevelDBStore guards `snapshots` with its lock.
final class LevelDBHandles {
    let database: OpaquePointer
    let readOptions: OpaquePointer
    let syncWriteOptions: OpaquePointer
    let asyncWriteOptions: OpaquePointer
    /// Live snapshots by id; a snapshot object holds only its id, so closing the store can
    /// release every snapshot and a snapshot used afterwards finds its id gone.
    var snapshots: [UInt64: NativeSnapshot] = [:]
    var nextSnapshotID: UInt64 = 0
    private let options: NativeOptions

    init(database: OpaquePointer, options: NativeOptions) {
        self.database = database
        self.options = options
        readOptions = leveldb_readoptions_create()
        syncWriteOptions = leveldb_writeoptions_create()
        leveldb_writeoptions_set_sync(syncWriteOptions, 1)
        asyncWriteOptions = leveldb_writeoptions_create()
    }

    deinit {
        for snapshot in snapshots.values { snapshot.release(from: database) }
        leveldb_close(database)
        leveldb_readoptions_destroy(readOptions)
        leveldb_writeoptions_destroy(syncWriteOptions)
        leveldb_writeoptions_destroy(asyncWriteOptions)
    }
}

/// Calls a LevelDB function that reports failure through a `char** errptr`, frees the error
/// string and turns it into a typed error.
func callLevelDB<R>(
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
func withCBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
    bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress, raw.count > 0 else {
            let empty: CChar = 0
            return withUnsafePointer(to: empty) { body($0, 0) }
        }
        return body(base.assumingMemoryBound(to: CChar.self), raw.count)
    }
}

/// Copies `count` bytes that LevelDB owns into a Swift array.
func copyCBytes(_ pointer: UnsafePointer<CChar>?, count: Int) -> [UInt8] {
    guard let pointer, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
}

/// A `leveldb_writebatch_t` filled from a `WriteBatch`, destroyed with this object.
final class NativeWriteBatch {
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
