import Storage
import Testing

/// The `KeyValueStore` contract, checked against both implementations.
@Suite("KeyValueStore conformance")
struct KeyValueStoreTests {
    @Test("put then get returns the value, a missing key reads nil, delete removes it", arguments: StoreKind.allCases)
    func putGetDelete(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.put(bytes("a"), bytes("1"))
            #expect(try store.get(bytes("a")) == bytes("1"))
            #expect(try store.get(bytes("b")) == nil)
            try store.delete(bytes("a"))
            #expect(try store.get(bytes("a")) == nil)
        }
    }

    @Test("a second put replaces the value and deleting a missing key changes nothing", arguments: StoreKind.allCases)
    func overwrite(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.put(bytes("k"), bytes("old"))
            try store.put(bytes("k"), bytes("new"))
            try store.delete(bytes("absent"))
            #expect(try store.get(bytes("k")) == bytes("new"))
            #expect(try keys(store.scan(prefix: [])) == [bytes("k")])
        }
    }

    @Test("an empty value is stored and read back as empty, not as missing", arguments: StoreKind.allCases)
    func emptyValue(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.put(bytes("e"), [])
            #expect(try store.get(bytes("e")) == [])
            #expect(try store.scan(prefix: bytes("e")) == [KeyValueEntry(key: bytes("e"), value: [])])
        }
    }

    @Test("every operation of a batch is visible after write, applied in order", arguments: StoreKind.allCases)
    func batchAtomicity(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.put(bytes("gone"), bytes("x"))
            var batch = WriteBatch()
            try batch.put(bytes("a"), bytes("1"))
            try batch.put(bytes("b"), bytes("2"))
            try batch.delete(bytes("gone"))
            try batch.put(bytes("a"), bytes("3"))  // later operation on the same key wins
            try batch.delete(bytes("b"))
            try batch.put(bytes("b"), bytes("4"))
            try store.write(batch, sync: true)
            #expect(try store.scan(prefix: []) == [
                KeyValueEntry(key: bytes("a"), value: bytes("3")),
                KeyValueEntry(key: bytes("b"), value: bytes("4")),
            ])
        }
    }

    @Test("a prefix scan returns exactly the keys with the prefix, in byte order", arguments: StoreKind.allCases)
    func prefixOrder(kind: StoreKind) throws {
        try withStore(kind) { store in
            let all: [[UInt8]] = [[0x00, 0xFF], [0x01], [0x01, 0x00], [0x01, 0x01, 0x05], [0x01, 0xFF], [0x02], [0x80]]
            try putAll(all.reversed().map { ($0, $0) }, into: store)
            #expect(try keys(store.scan(prefix: [0x01])) == [[0x01], [0x01, 0x00], [0x01, 0x01, 0x05], [0x01, 0xFF]])
            #expect(try keys(store.scan(prefix: [0x01, 0x01])) == [[0x01, 0x01, 0x05]])
            #expect(try store.scan(prefix: [0x03]).isEmpty)
            #expect(try keys(store.scan(prefix: [])) == all)
        }
    }

    @Test("prefixes of 0xFF bytes, which have no successor key, still bound the scan", arguments: StoreKind.allCases)
    func prefixOfFFBytes(kind: StoreKind) throws {
        try withStore(kind) { store in
            let all: [[UInt8]] = [[0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0x00], [0xFF, 0xFF, 0xFF]]
            try putAll(all.map { ($0, [0x01]) }, into: store)
            #expect(try keys(store.scan(prefix: [0xFF])) == Array(all.dropFirst()))
            #expect(try keys(store.scan(prefix: [0xFF, 0xFF])) == [[0xFF, 0xFF], [0xFF, 0xFF, 0x00], [0xFF, 0xFF, 0xFF]])
            #expect(try keys(store.scan(prefix: [0xFF, 0xFF, 0xFF, 0xFF])).isEmpty)
            #expect(try keys(store.scan(prefix: [0xFE])) == [[0xFE, 0xFF]])
        }
    }

    @Test("start is inclusive, a start before the prefix clamps to it, one past it finds nothing, limit caps the count", arguments: StoreKind.allCases)
    func startAndLimit(kind: StoreKind) throws {
        try withStore(kind) { store in
            let all: [[UInt8]] = [[0x00], [0x05, 0x01], [0x05, 0x02], [0x05, 0x03], [0x05, 0x04], [0x06]]
            try putAll(all.map { ($0, $0) }, into: store)
            #expect(try keys(store.scan(prefix: [0x05], from: [0x05, 0x02])) == [[0x05, 0x02], [0x05, 0x03], [0x05, 0x04]])
            #expect(try keys(store.scan(prefix: [0x05], from: [0x05, 0x02, 0x00])) == [[0x05, 0x03], [0x05, 0x04]])
            #expect(try keys(store.scan(prefix: [0x05], from: [0x01])) == Array(all[1...4]))
            #expect(try store.scan(prefix: [0x05], from: [0x06]).isEmpty)
            #expect(try keys(store.scan(prefix: [0x05], limit: 2)) == [[0x05, 0x01], [0x05, 0x02]])
            #expect(try keys(store.scan(prefix: [], from: [0x05, 0x04], limit: 1)) == [[0x05, 0x04]])
        }
    }

    @Test("paging with start just past the last key seen visits every entry exactly once", arguments: StoreKind.allCases)
    func paging(kind: StoreKind) throws {
        try withStore(kind) { store in
            let all = (0..<25).map { [0x07, UInt8($0 * 7)] }
            try putAll(all.map { ($0, $0) }, into: store)
            var seen: [[UInt8]] = []
            var start: [UInt8]?
            while true {
                let page = try store.scan(prefix: [0x07], from: start, limit: 4)
                seen += keys(page)
                guard let last = page.last, page.count == 4 else { break }
                start = last.key + [0x00]
            }
            #expect(seen == all)
        }
    }

    @Test("a snapshot does not see puts, overwrites or deletes made after it", arguments: StoreKind.allCases)
    func snapshotIsolation(kind: StoreKind) throws {
        try withStore(kind) { store in
            try putAll([(bytes("a"), bytes("1")), (bytes("b"), bytes("2"))], into: store)
            let snapshot = try store.snapshot()
            try store.put(bytes("a"), bytes("changed"))
            try store.delete(bytes("b"))
            try store.put(bytes("c"), bytes("3"))
            #expect(try snapshot.get(bytes("a")) == bytes("1"))
            #expect(try snapshot.get(bytes("b")) == bytes("2"))
            #expect(try snapshot.get(bytes("c")) == nil)
            #expect(try keys(snapshot.scan(prefix: [])) == [bytes("a"), bytes("b")])
            #expect(try keys(snapshot.scan(prefix: [], from: bytes("b"), limit: 1)) == [bytes("b")])
            #expect(try keys(store.scan(prefix: [])) == [bytes("a"), bytes("c")])
        }
    }

    @Test("after close every call, including on an earlier snapshot, throws store_closed; closing twice is harmless", arguments: StoreKind.allCases)
    func useAfterClose(kind: StoreKind) throws {
        try withStore(kind) { store in
            try store.put(bytes("a"), bytes("1"))
            let snapshot = try store.snapshot()
            store.close()
            store.close()
            #expect(store.isClosed)
            expectStorageError("store_closed") { _ = try store.get(bytes("a")) }
            expectStorageError("store_closed") { try store.put(bytes("a"), bytes("2")) }
            expectStorageError("store_closed") { try store.delete(bytes("a")) }
            expectStorageError("store_closed") { try store.write(WriteBatch(), sync: true) }
            expectStorageError("store_closed") { _ = try store.scan(prefix: []) }
            expectStorageError("store_closed") { _ = try store.snapshot() }
            expectStorageError("store_closed") { _ = try snapshot.get(bytes("a")) }
            expectStorageError("store_closed") { _ = try snapshot.scan(prefix: []) }
        }
    }

    @Test("empty and over-long keys are typed errors on get, scans and snapshots", arguments: StoreKind.allCases)
    func invalidKeys(kind: StoreKind) throws {
        try withStore(kind) { store in
            let longKey = [UInt8](repeating: 1, count: StorageLimits.keyBytesMax + 1)
            let snapshot = try store.snapshot()
            expectStorageError("invalid_key") { _ = try store.get([]) }
            expectStorageError("invalid_key") { _ = try store.get(longKey) }
            expectStorageError("invalid_key") { _ = try snapshot.get([]) }
            expectStorageError("invalid_key") { _ = try store.scan(prefix: longKey) }
            expectStorageError("invalid_key") { try store.put([], bytes("v")) }
            expectStorageError("invalid_scan_limit") { _ = try store.scan(prefix: [], limit: 0) }
            #expect(try store.scan(prefix: []).isEmpty)
        }
    }
}
