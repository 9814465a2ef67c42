import Dispatch
import Foundation
import Storage
import Testing

/// What only the on-disk store can show: durability, locking, damaged files, bad folders,
/// and thread safety.
@Suite("LevelDBStore")
struct LevelDBStoreTests {
    @Test("data written before close is read back after reopening")
    func persistence() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            let first = try LevelDBStore(path: path)
            try first.put(bytes("k"), bytes("v"))
            first.close()
            let second = try LevelDBStore(path: path)
            defer { second.close() }
            #expect(try second.get(bytes("k")) == bytes("v"))
        }
    }

    @Test("a synced batch survives close and reopen whole")
    func syncedBatch() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            let entries = (0..<100).map { KeyValueEntry(key: [0x01, UInt8($0)], value: bytes("value \($0)")) }
            let first = try LevelDBStore(path: path)
            var batch = WriteBatch()
            for entry in entries { try batch.put(entry.key, entry.value) }
            try first.write(batch, sync: true)
            first.close()
            let second = try LevelDBStore(path: path)
            defer { second.close() }
            #expect(try second.scan(prefix: [0x01]) == entries)
        }
    }

    @Test("opening an open database again gives database_locked with path and LevelDB's text; after close it opens")
    func locked() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            let first = try LevelDBStore(path: path)
            let error = expectStorageError("database_locked") { _ = try LevelDBStore(path: path) }
            guard case .locked(let errorPath, let detail) = error else { return }
            #expect(errorPath == path)
            #expect(detail.hasPrefix("IO error: lock ") && detail.contains(path))
            first.close()
            try LevelDBStore(path: path).close()
        }
    }

    @Test("a snapshot keeps a dropped store open; when the last reference goes, the database closes and can be reopened")
    func releaseByReference() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            var snapshot: LevelDBSnapshot? = try Self.snapshotOfDroppedStore(at: path)
            let kept = try #require(snapshot)
            #expect(try kept.get(bytes("k")) == bytes("v"))
            expectStorageError("database_locked") { _ = try LevelDBStore(path: path) }
            snapshot = nil
            _ = consume kept
            try LevelDBStore(path: path).close()
        }
    }

    @Test("destroying an open database gives database_locked and deletes nothing")
    func destroyWhileOpen() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            let store = try LevelDBStore(path: path)
            defer { store.close() }
            try store.put(bytes("k"), bytes("v"))
            expectStorageError("database_locked") { try LevelDBStore.destroy(path: path) }
            #expect(try store.get(bytes("k")) == bytes("v"))
        }
    }

    @Test("destroy deletes the database, so reopening finds it empty")
    func destroy() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            let store = try LevelDBStore(path: path)
            try store.put(bytes("k"), bytes("v"))
            store.close()
            try LevelDBStore.destroy(path: path)
            let reopened = try LevelDBStore(path: path)
            defer { reopened.close() }
            #expect(try reopened.scan(prefix: []).isEmpty)
        }
    }

    @Test("garbage in CURRENT gives database_corrupt instead of a crash")
    func corruptCurrent() throws {
        try withTemporaryDirectory { folder in
            let path = try Self.closedDatabase(in: folder)
            try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: path + "/CURRENT"))
            expectStorageError("database_corrupt") { _ = try LevelDBStore(path: path) }
        }
    }

    @Test("garbage in the MANIFEST gives database_corrupt, and repair brings the data back")
    func corruptManifestRepaired() throws {
        try withTemporaryDirectory { folder in
            let path = try Self.closedDatabase(in: folder)
            let manifest = try #require(
                FileManager.default.contentsOfDirectory(atPath: path).first { $0.hasPrefix("MANIFEST-") })
            try Data(repeating: 0xA5, count: 4096).write(to: URL(fileURLWithPath: path + "/" + manifest))
            expectStorageError("database_corrupt") { _ = try LevelDBStore(path: path) }
            try LevelDBStore.repair(path: path)
            let repaired = try LevelDBStore(path: path)
            defer { repaired.close() }
            #expect(try repaired.get(bytes("k")) == bytes("v"))
        }
    }

    @Test("a database path under a regular file gives path_unusable")
    func pathUnderFile() throws {
        try withTemporaryDirectory { folder in
            let file = folder + "/file"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            expectStorageError("path_unusable") { _ = try LevelDBStore(path: file + "/db") }
        }
    }

    @Test("a database path whose parent folder is missing gives path_unusable and creates nothing")
    func missingParent() throws {
        try withTemporaryDirectory { folder in
            expectStorageError("path_unusable") { _ = try LevelDBStore(path: folder + "/absent/db") }
            #expect(!FileManager.default.fileExists(atPath: folder + "/absent"))
        }
    }

    @Test("without createIfMissing an empty folder gives database_missing; with errorIfExists an existing one gives database_exists")
    func existenceOptions() throws {
        try withTemporaryDirectory { folder in
            var mustExist = LevelDBOptions()
            mustExist.createIfMissing = false
            expectStorageError("database_missing") { _ = try LevelDBStore(path: folder + "/new", options: mustExist) }
            let path = try Self.closedDatabase(in: folder)
            var mustBeNew = LevelDBOptions()
            mustBeNew.errorIfExists = true
            expectStorageError("database_exists") { _ = try LevelDBStore(path: path, options: mustBeNew) }
            try LevelDBStore(path: path, options: mustExist).close()
        }
    }

    @Test("an empty path, a path with a NUL byte, or an over-long path gives invalid_path")
    func invalidPaths() throws {
        let tooLong = "/" + String(repeating: "a", count: StorageLimits.pathBytesMax)
        for path in ["", "/tmp/db\0x", tooLong] {
            expectStorageError("invalid_path") { _ = try LevelDBStore(path: path) }
            expectStorageError("invalid_path") { try LevelDBStore.destroy(path: path) }
            expectStorageError("invalid_path") { try LevelDBStore.repair(path: path) }
        }
    }

    @Test("concurrent writers and readers on one store lose no write")
    func concurrentWriters() throws {
        try withTemporaryDirectory { folder in
            let store = try LevelDBStore(path: folder + "/db")
            defer { store.close() }
            let writers = 4
            let keysPerWriter = 100
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                do {
                    for index in 0..<keysPerWriter {
                        let key: [UInt8] = [0x02, UInt8(writer), UInt8(index)]
                        try store.put(key, key)
                        #expect(try store.get(key) == key)
                        _ = try store.scan(prefix: [0x02, UInt8(writer)], limit: 8)
                    }
                } catch {
                    Issue.record(error)
                }
            }
            #expect(try store.scan(prefix: [0x02]).count == writers * keysPerWriter)
        }
    }

    @Test("close racing with readers and snapshots never crashes: each call succeeds or gives store_closed")
    func closeRacingReaders() throws {
        try withTemporaryDirectory { folder in
            let store = try LevelDBStore(path: folder + "/db")
            try store.put(bytes("k"), bytes("v"))
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                for round in 0..<200 {
                    if worker == 0 && round == 50 { store.close() }
                    let outcome = Result { () throws(StorageError) -> Bool in
                        let snapshot = try store.snapshot()
                        let value = try store.get(bytes("k"))
                        let count = try snapshot.scan(prefix: []).count
                        return value == bytes("v") && count == 1
                    }
                    #expect(outcome == .success(true) || outcome == .failure(.closed(store: store.path)))
                }
            }
            #expect(store.isClosed)
        }
    }

    /// Opens a database holding k = v and returns only a snapshot of it.
    static func snapshotOfDroppedStore(at path: String) throws -> LevelDBSnapshot {
        let store = try LevelDBStore(path: path)
        try store.put(bytes("k"), bytes("v"))
        return try store.snapshot()
    }

    /// Creates a database holding k = v in `folder`, closes it and returns its path.
    static func closedDatabase(in folder: String) throws -> String {
        let path = folder + "/db"
        let store = try LevelDBStore(path: path)
        try store.put(bytes("k"), bytes("v"))
        store.close()
        return path
    }
}
