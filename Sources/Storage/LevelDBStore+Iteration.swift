import CLevelDB

extension LevelDBStore {
    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try scan(range, snapshotID: nil)
    }

    /// Prefix scan shared by the store and its snapshots. A LevelDB iterator reads from an
    /// implicit snapshot, so even a scan of the live store is consistent.
    func scan(_ range: ScanRange, snapshotID: UInt64?) throws(StorageError) -> [KeyValueEntry] {
        try withReadOptions(snapshotID: snapshotID) { (database, readOptions) throws(StorageError) in
            let iterator: OpaquePointer = leveldb_create_iterator(database, readOptions)
            defer { leveldb_iter_destroy(iterator) }
            let entries = Self.collect(range, from: iterator)
            // A damaged block ends iteration early; only this tells it from the range's end.
            try callLevelDB(path: path, phase: .operating) { leveldb_iter_get_error(iterator, $0) }
            return entries
        }
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
