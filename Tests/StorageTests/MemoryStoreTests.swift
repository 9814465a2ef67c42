import PropertyBased
import Storage
import Testing
import TestSupport

/// MemoryStore must be a faithful stand-in for LevelDBStore: the same operations give the
/// same reads, scans and snapshot views.
@Suite("MemoryStore")
struct MemoryStoreTests {
    /// Keys over the bytes 0x00, 0x01, 0x7F and 0xFF, one to three bytes long: few enough
    /// that random operations collide, and full of prefix and 0xFF edge cases.
    static let keyPool: [[UInt8]] = {
        let alphabet: [UInt8] = [0x00, 0x01, 0x7F, 0xFF]
        var layer = alphabet.map { [$0] }
        var keys = layer
        for _ in 2...3 {
            layer = layer.flatMap { key in alphabet.map { key + [$0] } }
            keys += layer
        }
        return keys
    }()

    /// One step of a random history: put, delete, or end the current batch.
    struct Step {
        let action: Int  // 0...5 put, 6...7 delete, 8 end batch
        let keyIndex: Int
        let valueByte: UInt8
    }

    /// A scan to compare: prefix and start drawn from the pool (pool.count means none).
    struct Query {
        let prefixIndex: Int
        let startIndex: Int
        let limit: Int
    }

    static let steps = zip(Gen.int(in: 0...8), Gen.int(in: 0..<keyPool.count), Gen.uint8())
        .map { Step(action: $0, keyIndex: $1, valueByte: $2) }
        .array(of: 1...40)

    static let queries = zip(Gen.int(in: 0...keyPool.count), Gen.int(in: 0...keyPool.count), Gen.int(in: 1...12))
        .map { Query(prefixIndex: $0, startIndex: $1, limit: $2) }
        .array(of: 1...10)

    @Test("random batches applied to MemoryStore and LevelDBStore give identical gets, scans and snapshots")
    func differential() throws {
        try withTemporaryDirectory { folder in
            let disk = try LevelDBStore(path: folder + "/db")
            let memory = MemoryStore()
            defer { disk.close() }
            try seededCheck(seed: 0x5702_A6E, count: 60, zip(Self.steps, Self.queries)) { input, caseIndex in
                let (steps, queries) = input
                let diskBefore = try disk.snapshot()
                let memoryBefore = try memory.snapshot()
                let expectedBefore = try memory.scan(prefix: [])
                for batch in try Self.batches(steps, caseIndex: caseIndex) {
                    try disk.write(batch, sync: false)
                    try memory.write(batch, sync: false)
                }
                try Self.expectSameReads(disk, memory, queries, caseIndex: caseIndex)
                try Self.expectSameReads(diskBefore, memoryBefore, queries, caseIndex: caseIndex)
                #expect(try memoryBefore.scan(prefix: []) == expectedBefore, "case \(caseIndex)")
            }
            // Guards the generator: the history must leave a well-populated store behind.
            #expect(try memory.scan(prefix: []).count >= 20)
        }
    }

    /// Splits the steps into batches at each "end batch" step. Values carry the case index
    /// so a stale value from an earlier case cannot pass for a fresh one.
    static func batches(_ steps: [Step], caseIndex: Int) throws -> [WriteBatch] {
        var batches: [WriteBatch] = []
        var current = WriteBatch()
        for step in steps {
            let key = keyPool[step.keyIndex]
            switch step.action {
            case 0...5: try current.put(key, [UInt8(truncatingIfNeeded: caseIndex), step.valueByte])
            case 6...7: try current.delete(key)
            default:
                batches.append(current)
                current = WriteBatch()
            }
        }
        return batches + [current]
    }

    /// Compares a get of every pool key, a full scan, and each query, on both readers.
    static func expectSameReads(
        _ disk: some KeyValueReader, _ memory: some KeyValueReader, _ queries: [Query], caseIndex: Int
    ) throws {
        for key in keyPool {
            #expect(try disk.get(key) == memory.get(key), "case \(caseIndex) key \(key)")
        }
        #expect(try disk.scan(prefix: []) == memory.scan(prefix: []), "case \(caseIndex) full scan")
        for query in queries {
            let range = try ScanRange(
                prefix: keyPool.indices.contains(query.prefixIndex) ? keyPool[query.prefixIndex] : [],
                start: keyPool.indices.contains(query.startIndex) ? keyPool[query.startIndex] : nil,
                limit: query.limit)
            #expect(try disk.scan(range) == memory.scan(range), "case \(caseIndex) \(range)")
        }
    }
}
