/// Read access shared by a live store and a snapshot of it.
public protocol KeyValueReader: AnyObject, Sendable {
    /// The value stored at `key`, or nil if there is none.
    func get(_ key: [UInt8]) throws(StorageError) -> [UInt8]?

    /// The entries in `range`, in lexicographic byte order of their keys.
    func scan(_ range: ScanRange) throws(StorageError) -> [KeyValueEntry]
}

/// A read-only, consistent view of a store as it was when the snapshot was taken: later
/// writes are invisible to it. Its resources are released when the last reference goes.
public protocol KeyValueSnapshot: KeyValueReader {}

/// The ordered key-value store the chain is generic over: LevelDB on disk, or an in-memory
/// store with identical behaviour for simulation and tests.
///
/// Implementations are safe to call from any thread. Every method on a closed store (and on
/// its snapshots) throws `StorageError.closed`.
public protocol KeyValueStore: KeyValueReader {
    /// The snapshot type this store hands out.
    associatedtype Snapshot: KeyValueSnapshot

    /// Applies every operation of `batch` atomically, in order. With `sync`, returns only
    /// after the write is durable (fsync); without it, a machine crash may lose the latest
    /// writes but never tears a batch apart.
    func write(_ batch: WriteBatch, sync: Bool) throws(StorageError)

    /// A consistent read-only view of the store as of now.
    func snapshot() throws(StorageError) -> Snapshot

    /// Releases the store and every snapshot of it; later calls throw `.closed`.
    /// Closing twice is harmless.
    func close()

    /// Whether `close()` has been called.
    var isClosed: Bool { get }
}

extension KeyValueReader {
    /// The entries whose keys begin with `prefix`, from `start` on, at most `limit` of them.
    public func scan(
        prefix: [UInt8], from start: [UInt8]? = nil, limit: Int = StorageLimits.scanEntriesMax
    ) throws(StorageError) -> [KeyValueEntry] {
        try scan(ScanRange(prefix: prefix, start: start, limit: limit))
    }
}

extension KeyValueStore {
    /// Sets `key` to `value` (a one-operation batch).
    public func put(_ key: [UInt8], _ value: [UInt8], sync: Bool = false) throws(StorageError) {
        var batch = WriteBatch()
        try batch.put(key, value)
        try write(batch, sync: sync)
    }

    /// Removes `key` if present (a one-operation batch).
    public func delete(_ key: [UInt8], sync: Bool = false) throws(StorageError) {
        var batch = WriteBatch()
        try batch.delete(key)
        try write(batch, sync: sync)
    }
}
