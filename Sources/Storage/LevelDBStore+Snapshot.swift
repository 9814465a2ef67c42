import CLevelDB

/// A consistent read-only view of a `LevelDBStore`, backed by a LevelDB snapshot that is
/// released when this object goes away (or when the store closes, after which reads throw
/// `.closed`). Keeps the store alive while it exists.
public final class LevelDBSnapshot: KeyValueSnapshot {
    private let store: LevelDBStore
    /// Key into the store's snapshot table; the C snapshot itself stays with the store so
    /// that `close` can release it.
    private let id: UInt64

    fileprivate init(store: LevelDBStore, id: UInt64) {
        self.store = store
        self.id = id
    }

    deinit {
        store.releaseSnapshot(id)
    }

    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try store.get(key, snapshotID: id)
    }

    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try store.scan(range, snapshotID: id)
    }
}

extension LevelDBStore {
    public func snapshot() throws(StorageError) -> LevelDBSnapshot {
        let id = try lock.withWriteLock { () throws(StorageError) -> UInt64 in
            guard let handles else { throw .closed(store: path) }
            let id = handles.nextSnapshotID
            handles.nextSnapshotID += 1
            handles.snapshots[id] = NativeSnapshot(of: handles.database)
            return id
        }
        return LevelDBSnapshot(store: self, id: id)
    }

    /// Releases snapshot `id` unless `close` already did.
    fileprivate func releaseSnapshot(_ id: UInt64) {
        lock.withWriteLock {
            guard let handles, let snapshot = handles.snapshots.removeValue(forKey: id) else { return }
            snapshot.release(from: handles.database)
        }
    }
}
