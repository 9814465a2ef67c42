/// Hard upper bounds on everything the storage layer accepts, so memory use and the size of
/// any single operation are known in advance. Input past a limit is a typed error.
public enum StorageLimits {
    /// Longest key: state keys are a short prefix plus a hash or two.
    public static let keyBytesMax = 1024
    /// Longest value: the largest block (64 MiB, `Block.maxEncodedBytes`, stored as one
    /// value) fits with room to spare. (At 16 MiB, a block of a few dozen large transactions
    /// could be built and verified but not stored, and every node would stop on it.)
    public static let valueBytesMax = 72 << 20
    /// Default byte budget of a `WriteBatch`: the largest key and value fit.
    public static let batchBytesDefault = 128 << 20
    /// Largest byte budget a `WriteBatch` may be given; LevelDB holds a batch in memory
    /// twice (the batch and the memtable), so this bounds a write's memory.
    public static let batchBytesMax = 1 << 30
    /// Most entries one scan returns; page through larger ranges with a start key.
    public static let scanEntriesMax = 1 << 20
    /// Longest database path, in UTF-8 bytes (Linux PATH_MAX less the NUL).
    public static let pathBytesMax = 4095

    /// Throws unless `key` is 1...`keyBytesMax` bytes. Empty keys are refused because every
    /// key in the node carries a type prefix, so an empty one is always a bug.
    static func checkKey(_ key: [UInt8]) throws(StorageError) {
        guard (1...keyBytesMax).contains(key.count) else {
            throw .invalidKey(byteCount: key.count, maxBytes: keyBytesMax)
        }
    }

    /// Throws unless `value` is at most `valueBytesMax` bytes (empty values are fine).
    static func checkValue(_ value: [UInt8]) throws(StorageError) {
        guard value.count <= valueBytesMax else {
            throw .valueTooLarge(byteCount: value.count, maxBytes: valueBytesMax)
        }
    }

    /// Throws unless `path` can be passed to C as-is: non-empty, short enough, no NUL byte
    /// (which would silently cut the path short).
    static func checkPath(_ path: String) throws(StorageError) {
        if path.isEmpty {
            throw .invalidPath(path: path, reason: "empty")
        }
        if path.utf8.count > pathBytesMax {
            throw .invalidPath(path: path, reason: "longer than \(pathBytesMax) bytes")
        }
        if path.utf8.contains(0) {
            throw .invalidPath(path: path, reason: "contains a NUL byte")
        }
    }
}
