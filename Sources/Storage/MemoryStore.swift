/// A `KeyValueStore` held in memory that behaves exactly like `LevelDBStore`: same key
/// order, same scan bounds, same snapshot isolation, same errors after close. For
/// simulations and tests; nothing survives the process, and `sync` has no effect.
///
/// Writes insert into a sorted array (O(n) per operation), which is plenty for simulations
/// and keeps iteration order independent of hashing.
public final class MemoryStore: KeyValueStore, @unchecked Sendable {
    /// Shared for reads, exclusive for writes and close.
    private let lock = ReadWriteLock()
    /// Current contents; nil once closed. Read or written only while holding `lock`.
    private var entries: SortedEntries? = SortedEntries()

    /// An empty, open store.
    public init() {}

    /// Whether `close()` has been called.
    public var isClosed: Bool {
        lock.withReadLock { entries == nil }
    }

    /// Drops the contents; later calls, also on snapshots, throw `.closed`. Idempotent.
    public func close() {
        lock.withWriteLock { entries = nil }
    }

    /// The value at `key`, or nil. Throws `.invalidKey` for an empty or over-long key.
    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try StorageLimits.checkKey(key)
        return try current().get(key)
    }

    /// The entries in `range`, in byte order.
    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try current().scan(range)
    }

    /// Applies `batch` atomically under the exclusive lock; `sync` has no meaning in memory.
    public func write(_ batch: WriteBatch, sync: Bool) throws(StorageError) {
        assert(batch.byteCount <= batch.bytesMax, "WriteBatch exceeded its own budget")
        try lock.withWriteLock { () throws(StorageError) in
            guard entries != nil else { throw .closed(store: Self.name) }
            entries?.apply(batch)
        }
    }

    /// A frozen view of the current contents; O(1) until the store's next write.
    public func snapshot() throws(StorageError) -> MemorySnapshot {
        MemorySnapshot(store: self, entries: try current())
    }

    /// Name used in `.closed` errors, where a LevelDB store gives its path.
    static let name = "memory"

    /// A copy of the current contents (O(1) until the next write), or `.closed`.
    fileprivate func current() throws(StorageError) -> SortedEntries {
        try lock.withReadLock { () throws(StorageError) -> SortedEntries in
            guard let entries else { throw .closed(store: Self.name) }
            return entries
        }
    }
}

/// A frozen copy-on-write copy of a `MemoryStore`. Like a LevelDB snapshot, it stops working
/// (throws `.closed`) once its store is closed.
public final class MemorySnapshot: KeyValueSnapshot {
    private let store: MemoryStore
    private let entries: SortedEntries

    fileprivate init(store: MemoryStore, entries: SortedEntries) {
        self.store = store
        self.entries = entries
    }

    /// The value `key` had when the snapshot was taken, or nil.
    public func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]? {
        try StorageLimits.checkKey(key)
        try checkStoreOpen()
        return entries.get(key)
    }

    /// The entries of `range` as they were when the snapshot was taken.
    public func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry] {
        try checkStoreOpen()
        return entries.scan(range)
    }

    private func checkStoreOpen() throws(StorageError) {
        if store.isClosed { throw .closed(store: MemoryStore.name) }
    }
}
