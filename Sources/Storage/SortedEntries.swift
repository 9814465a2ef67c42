/// Entries kept sorted by key in lexicographic byte order, the same order LevelDB's default
/// comparator uses, so in-memory scans match on-disk ones entry for entry.
///
/// A value type: copying it is O(1) and the copy is shared until one side writes
/// (copy-on-write), which is what makes in-memory snapshots cheap.
struct SortedEntries: Sendable {
    private var entries: [KeyValueEntry] = []

    /// Index of the first entry whose key is not less than `key` (binary search).
    private func lowerBound(_ key: [UInt8]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].key.lexicographicallyPrecedes(key) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    func get(_ key: [UInt8]) -> [UInt8]? {
        let index = lowerBound(key)
        guard index < entries.count, entries[index].key == key else { return nil }
        return entries[index].value
    }

    func scan(_ range: ScanRange) -> [KeyValueEntry] {
        let first = lowerBound(range.seekKey)
        let matching = entries[first...].prefix { range.admits($0.key) }.prefix(range.limit)
        return Array(matching)
    }

    mutating func apply(_ batch: WriteBatch) {
        for operation in batch.operations {
            apply(operation)
        }
    }

    private mutating func apply(_ operation: WriteBatch.Operation) {
        let index = lowerBound(operation.key)
        let found = index < entries.count && entries[index].key == operation.key
        switch (operation, found) {
        case (.put(let key, let value), true):
            entries[index] = KeyValueEntry(key: key, value: value)
        case (.put(let key, let value), false):
            entries.insert(KeyValueEntry(key: key, value: value), at: index)
        case (.delete, true):
            entries.remove(at: index)
        case (.delete, false):
            break
        }
    }
}
