import CLevelDB

extension LevelDBStore {
    /// Rebuilds a damaged database at `path` from whatever table and log files survive;
    /// some data may be lost. The database must not be open.
    public static func repair(
        path: String, options: LevelDBOptions = LevelDBOptions()
    ) throws(StorageError) {
        let native = try nativeOptions(path: path, options: options)
        try callLevelDB(path: path, phase: .opening) { leveldb_repair_db(native.pointer, path, $0) }
    }

    /// Deletes the database at `path` and its folder; a missing database is not an error.
    /// Throws `.locked` if it is open.
    public static func destroy(
        path: String, options: LevelDBOptions = LevelDBOptions()
    ) throws(StorageError) {
        let native = try nativeOptions(path: path, options: options)
        try callLevelDB(path: path, phase: .opening) { leveldb_destroy_db(native.pointer, path, $0) }
    }
}
