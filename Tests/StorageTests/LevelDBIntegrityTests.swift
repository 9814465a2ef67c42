import Foundation
import Storage
import Testing

/// Damaged table files, a missing CURRENT file, and what the node's checked options do
/// about them.
@Suite("LevelDB integrity: checksum-verified reads and sweep, no re-creation without CURRENT")
struct LevelDBIntegrityTests {
    /// A database at `path` with `count` distinct 1 KiB values, compacted into table files.
    func fillAndCompact(_ path: String, count: Int = 2_000) throws {
        let store = try LevelDBStore(path: path, options: .checked(createIfMissing: true))
        defer { store.close() }
        var batch = WriteBatch()
        for index in 0..<count {
            let key = bytes(String(format: "key-%06d", index))
            // Incompressible-enough values, so the tables hold many blocks.
            let value = (0..<1_024).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ (index &* 7) ^ ($0 >> 3)) }
            try batch.put(key, value)
        }
        try store.write(batch, sync: true)
        try store.compactAll()
    }

    func tableFiles(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".ldb") }.sorted()
    }

    /// Flips one byte inside the first data block of the largest table file.
    func flipByte(in path: String) throws {
        let tables = try tableFiles(path)
        let sizes = try tables.map { (name: $0, size: try FileManager.default.attributesOfItem(atPath: path + "/" + $0)[.size] as? Int ?? 0) }
        let largest = try #require(sizes.max { $0.size < $1.size })
        let handle = try #require(FileHandle(forUpdatingAtPath: path + "/" + largest.name))
        defer { try? handle.close() }
        let offset = UInt64(min(200, largest.size / 4))
        try handle.seek(toOffset: offset)
        let old = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([old ^ 0xFF]))
    }

    @Test("compactAll turns the log into .ldb table files, and checkAll reads every entry back")
    func compactAndSweep() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            try fillAndCompact(path)
            #expect(!(try tableFiles(path)).isEmpty)
            let store = try LevelDBStore(path: path, options: .checked(createIfMissing: false))
            defer { store.close() }
            let sweep = try store.checkAll()
            #expect(sweep.entries == 2_000)
            #expect(sweep.bytes == 2_000 * (10 + 1_024))
        }
    }

    @Test("a flipped byte in a table is database_corrupt from checkAll and from a checksum-verified scan")
    func flippedTableByte() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            try fillAndCompact(path)
            try flipByte(in: path)
            let store = try LevelDBStore(path: path, options: .checked(createIfMissing: false))
            defer { store.close() }
            expectStorageError("database_corrupt") { _ = try store.checkAll() }
            expectStorageError("database_corrupt") { _ = try store.scan(prefix: bytes("key-"), limit: 2_000) }
            expectStorageError("database_corrupt") { _ = try store.snapshot().scan(prefix: bytes("key-"), limit: 2_000) }
        }
    }

    @Test("the checked options open with paranoid checks and verified reads, and never create a database unless asked")
    func checkedOptions() {
        let options = LevelDBOptions.checked(createIfMissing: false)
        #expect(options.paranoidChecks && options.verifyChecksums && !options.createIfMissing)
        #expect(LevelDBOptions.checked(createIfMissing: true).createIfMissing)
        #expect(!LevelDBOptions().verifyChecksums)
    }

    @Test("with CURRENT deleted, opening without createIfMissing is database_missing and every table file stays")
    func currentDeleted() throws {
        try withTemporaryDirectory { folder in
            let path = folder + "/db"
            try fillAndCompact(path)
            try FileManager.default.removeItem(atPath: path + "/CURRENT")
            let before = try tableFiles(path)
            expectStorageError("database_missing") { _ = try LevelDBStore(path: path, options: .checked(createIfMissing: false)) }
            #expect(try tableFiles(path) == before)
            #expect(!before.isEmpty)
        }
    }
}
