/// A consistent read-only view of a `LevelDBStore`, backed by a LevelDB snapshot.
///
/// The snapshot is released when this object goes away, or earlier when the store closes,
/// after which reads throw `.closed`. Keeps the store object alive while it exists.
public final class LevelDBSnapshot: KeyValueSnapshot {
    private let store: LevelDBStore
    /// Key into the store's snapshot table; the C snapshot stays with the store so that
    /// closing the store can release it.
    private let id: UInt64

    init(store: LevelDBStore, id: UInt64) {
        self.store = store
        self.id = id
    }

    deinit {
        store.releaseSnapshot(id)
    }

    /// The value `key` had when the snapshot was taken, or nil.
    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try store.get(key, snapshotID: id)
    }

    /// The entries of `range` as they were when the snapshot was taken.
    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try store.scan(range, snapshotID: id)
    }
}
