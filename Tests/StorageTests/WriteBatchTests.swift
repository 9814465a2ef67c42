import Storage
import Testing

@Suite("WriteBatch")
struct WriteBatchTests {
    @Test("each operation costs its key and value bytes plus the fixed header, in order")
    func byteAccounting() throws {
        var batch = WriteBatch()
        try batch.put(bytes("key"), bytes("value"))
        try batch.delete(bytes("gone"))
        try batch.put(bytes("e"), [])
        let overhead = WriteBatch.operationOverheadBytes
        #expect(batch.byteCount == (overhead + 3 + 5) + (overhead + 4) + (overhead + 1))
        #expect(batch.byteCount == batch.operations.map(\.byteCount).reduce(0, +))
        #expect(batch.operations.map(\.key) == [bytes("key"), bytes("gone"), bytes("e")])
        #expect(batch.count == 3 && !batch.isEmpty && WriteBatch().isEmpty)
    }

    @Test("an operation that would pass the budget gives batch_too_large and leaves the batch unchanged")
    func overBudget() throws {
        let overhead = WriteBatch.operationOverheadBytes
        var batch = try WriteBatch(bytesMax: 2 * (overhead + 2))
        try batch.put(bytes("a"), bytes("1"))
        let before = batch
        let error = expectStorageError("batch_too_large") { try batch.put(bytes("b"), bytes("22")) }
        #expect(error == .batchTooLarge(byteCount: 2 * (overhead + 2) + 1, maxBytes: batch.bytesMax))
        #expect(batch == before)
        try batch.put(bytes("b"), bytes("2"))  // exactly at the budget fits
        #expect(batch.byteCount == batch.bytesMax)
    }

    @Test("a batch whose filling failed on its budget writes nothing to the store", arguments: StoreKind.allCases)
    func overBudgetWritesNothing(kind: StoreKind) throws {
        try withStore(kind) { store in
            expectStorageError("batch_too_large") {
                var batch = try WriteBatch(bytesMax: 1024)
                for index in 0..<100 {
                    try batch.put([0x03, UInt8(index)], [UInt8](repeating: 0xAB, count: 64))
                }
                try store.write(batch, sync: true)
            }
            let stored = try store.scan(prefix: [])
            #expect(stored.isEmpty)
        }
    }

    @Test("empty or over-long keys and over-long values are refused and the batch is unchanged")
    func invalidOperations() throws {
        var batch = WriteBatch()
        let longKey = [UInt8](repeating: 7, count: StorageLimits.keyBytesMax + 1)
        expectStorageError("invalid_key") { try batch.put([], bytes("v")) }
        expectStorageError("invalid_key") { try batch.delete([]) }
        expectStorageError("invalid_key") { try batch.put(longKey, bytes("v")) }
        let longValue = [UInt8](repeating: 0, count: StorageLimits.valueBytesMax + 1)
        expectStorageError("value_too_large") { try batch.put(bytes("k"), longValue) }
        #expect(batch.isEmpty && batch.byteCount == 0)
    }

    @Test("the largest key and value fit a default batch")
    func largestOperation() throws {
        var batch = WriteBatch()
        let key = [UInt8](repeating: 1, count: StorageLimits.keyBytesMax)
        try batch.put(key, [UInt8](repeating: 2, count: StorageLimits.valueBytesMax))
        #expect(batch.count == 1)
    }

    @Test("a budget outside 1...batchBytesMax gives invalid_option", arguments: [0, -1, StorageLimits.batchBytesMax + 1])
    func invalidBudget(bytesMax: Int) {
        expectStorageError("invalid_option") { _ = try WriteBatch(bytesMax: bytesMax) }
    }
}
