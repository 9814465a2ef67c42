import Foundation
import Storage
import Testing

/// The two `KeyValueStore` implementations; conformance tests run once per kind.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case levelDB
    case memory

    var testDescription: String { rawValue }
}

/// Creates a unique empty folder under the system temporary directory, runs `body` with
/// its path, and removes the folder afterwards whatever happens.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("lodestone-storage-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// Runs `body` with a fresh, empty store of `kind`, closed and deleted afterwards.
func withStore<R>(_ kind: StoreKind, _ body: (any KeyValueStore) throws -> R) throws -> R {
    switch kind {
    case .memory:
        let store = MemoryStore()
        defer { store.close() }
        return try body(store)
    case .levelDB:
        return try withTemporaryDirectory { folder in
            let store = try LevelDBStore(path: folder + "/db")
            defer { store.close() }
            return try body(store)
        }
    }
}

/// Expects `body` to throw the `StorageError` whose stable name is `name`, and returns it.
@discardableResult
func expectStorageError(
    _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> StorageError? {
    let error = #expect(throws: StorageError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.name == name, sourceLocation: sourceLocation)
    return error
}

/// UTF-8 bytes of `text`, for readable keys and values.
func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Puts every pair of `entries` in one batch.
func putAll(_ entries: [([UInt8], [UInt8])], into store: any KeyValueStore) throws {
    var batch = WriteBatch()
    for (key, value) in entries {
        try batch.put(key, value)
    }
    try store.write(batch, sync: false)
}

/// The keys of scanned entries.
func keys(_ entries: [KeyValueEntry]) -> [[UInt8]] {
    entries.map(\.key)
}
