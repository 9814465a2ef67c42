import Benchmark
import Crypto
import Primitives

/// The UTXO-set commitment's per-element and per-block costs: LtHash16 (the chain's
/// construction, `MultisetHashAccumulator`) against MuHash3072 (the one it replaced) in the
/// same run. An element is `output_id ‖ output bytes`, about 150 bytes; each iteration
/// hashes a different one. `lodestone-commitbench` prints the same comparison as ratios.
/// (Before the swap, in one run: the ECMH before MuHash cost 13 µs per element mapping
/// against MuHash's 5 µs per insert.)
func registerMultisetBenchmarks() {
    var element = [UInt8](repeating: 0x42, count: 150)
    let blockElements = 10_000

    Benchmark("multiset.lthash16 insert + remove one element (BLAKE3 XOF, lane add)") { benchmark in
        var batch = MultisetHashAccumulator()
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            try batch.insert(element)
            try batch.remove(element)
        }
        blackHole(batch)
    }
    Benchmark("multiset.muhash3072 insert + remove one element (SHA-256, ChaCha20, 3072-bit multiply)") { benchmark in
        var state = MuHash3072()
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            state.insert(element)
            state.remove(element)
        }
        blackHole(state)
    }
    Benchmark(
        "multiset.lthash16 block: 10k inserts + 10k removes, apply, digest",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var batch = MultisetHashAccumulator()
            for index in 0..<(2 * blockElements) {
                element[0] = UInt8(truncatingIfNeeded: index)
                element[1] = UInt8(truncatingIfNeeded: index >> 8)
                if index < blockElements { try batch.insert(element) } else { try batch.remove(element) }
            }
            blackHole(batch.applied(to: .empty).digest)
        }
    }
    Benchmark(
        "multiset.muhash3072 block: 10k inserts + 10k removes, inverse, digest",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var batch = MuHash3072()
            for index in 0..<(2 * blockElements) {
                element[0] = UInt8(truncatingIfNeeded: index)
                element[1] = UInt8(truncatingIfNeeded: index >> 8)
                if index < blockElements { batch.insert(element) } else { batch.remove(element) }
            }
            blackHole(batch.finalize())
        }
    }
    Benchmark("multiset.lthash16 apply a batch and digest (per block)") { benchmark in
        var batch = MultisetHashAccumulator()
        try batch.insert([1])
        try batch.remove([2])
        for _ in benchmark.scaledIterations { blackHole(batch.applied(to: .empty).digest) }
    }
}
