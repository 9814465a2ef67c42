import Benchmark
import Foundation
import Storage

/// LevelDB batched writes, as the chain commits a block: one synced batch per iteration.
/// Keys/s = reported throughput × `keysPerBatch`.
func registerStorageBenchmarks() {
    let keysPerBatch = 10_000
    let value = [UInt8](repeating: 0xAB, count: 64)

    Benchmark(
        "storage.leveldb synced batch of 10k keys (32 B key, 64 B value)",
        configuration: .init(metrics: [.throughput, .wallClock], maxDuration: .seconds(3))
    ) { benchmark in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-bench-\(UUID().uuidString)").path
        let store = try LevelDBStore(path: path)
        defer {
            store.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        var sequence: UInt64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var batch = WriteBatch()
            for _ in 0..<keysPerBatch {
                sequence += 1
                var key = [UInt8](repeating: 0, count: 32)
                withUnsafeBytes(of: sequence.bigEndian) { key.replaceSubrange(24..<32, with: $0) }
                try batch.put(key, value)
            }
            try store.write(batch, sync: true)
        }
        benchmark.stopMeasurement()
    }
}
