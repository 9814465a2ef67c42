/// Which entries a scan returns: keys starting with `prefix`, from `start` on, in
/// lexicographic byte order (LevelDB's default comparator), at most `limit` of them.
///
/// To page through a large range, scan again with `start` set just past the last key seen
/// (the last key with a 0x00 byte appended).
public struct ScanRange: Sendable, Hashable {
    /// Only keys that begin with these bytes; empty means every key.
    public let prefix: [UInt8]
    /// First key to consider, inclusive; nil starts at the prefix itself.
    public let start: [UInt8]?
    /// Most entries returned, 1...`StorageLimits.scanEntriesMax`.
    public let limit: Int

    /// Checks that the prefix and start fit in a key and the limit is in range.
    public init(
        prefix: [UInt8] = [], start: [UInt8]? = nil, limit: Int = StorageLimits.scanEntriesMax
    ) throws(StorageError) {
        for bytes in [prefix, start ?? []] where bytes.count > StorageLimits.keyBytesMax {
            throw .invalidKey(byteCount: bytes.count, maxBytes: StorageLimits.keyBytesMax)
        }
        guard (1...StorageLimits.scanEntriesMax).contains(limit) else {
            throw .invalidScanLimit(limit: limit, maxLimit: StorageLimits.scanEntriesMax)
        }
        self.prefix = prefix
        self.start = start
        self.limit = limit
    }

    /// The key to seek to: the later of `prefix` and `start`. A start before the prefix is
    /// the prefix; a start past every prefixed key finds none, because the first key after
    /// it does not begin with the prefix.
    var seekKey: [UInt8] {
        guard let start, prefix.lexicographicallyPrecedes(start) else { return prefix }
        return start
    }

    /// Whether `key` belongs to the range; keys are visited in order, so the first key that
    /// does not ends the scan.
    func admits(_ key: [UInt8]) -> Bool {
        key.starts(with: prefix)
    }
}
