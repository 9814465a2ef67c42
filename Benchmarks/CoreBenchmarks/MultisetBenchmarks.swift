import Benchmark
import Crypto
import Primitives

/// The UTXO-set commitment's per-element and per-block costs. An element is
/// `output_id ‖ output bytes`, about 160 bytes for an order output; each iteration hashes a
/// different one. Compare with "crypto.schnorr verify" of the same run: an order creates
/// about two outputs and carries one signature. (The ECMH this replaced cost 13 µs per
/// element mapping against MuHash's 5 µs per insert, measured in one run before the swap.)
func registerMultisetBenchmarks() {
    var element = [UInt8](repeating: 0x42, count: 160)

    Benchmark("multiset.insert one element (tagged hash, MuHash expansion, one multiply)") { benchmark in
        var batch = MultisetHashAccumulator()
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            try batch.insert(element)
        }
        blackHole(batch)
    }
    Benchmark("multiset.muhash3072 insert one 32-byte element (Bitcoin Core's construction)") { benchmark in
        var state = MuHash3072()
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            state.insert(element.prefix(32))
        }
        blackHole(state)
    }
    Benchmark("multiset.apply a batch with removals (one inverse, per block)") { benchmark in
        var batch = MultisetHashAccumulator()
        try batch.insert([1])
        try batch.remove([2])
        for _ in benchmark.scaledIterations { blackHole(try batch.applied(to: .empty)) }
    }
}
