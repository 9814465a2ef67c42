import Benchmark
import Crypto
import Primitives

/// The UTXO-set commitment's per-element and per-block costs. An element is
/// `output_id ‖ output bytes`, about 160 bytes for an order output; each iteration hashes a
/// different one.
func registerMultisetBenchmarks() {
    let suite = BenchmarkFixture.suite
    var element = [UInt8](repeating: 0x42, count: 160)

    Benchmark("multiset.ecmh map one element (old, MultisetElement)") { benchmark in
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            blackHole(try MultisetElement(element))
        }
    }
    Benchmark("multiset.muhash insert one element (tagged hash + expansion + multiply)") { benchmark in
        var state = MuHash3072()
        for index in benchmark.scaledIterations {
            element[0] = UInt8(truncatingIfNeeded: index)
            element[1] = UInt8(truncatingIfNeeded: index >> 8)
            state.insert(suite.hash(.multisetElement, element).bytes)
        }
        blackHole(state)
    }
    Benchmark("multiset.muhash finalize (one inverse, per block)") { benchmark in
        var state = MuHash3072(element: [1])
        state.remove([2])
        for _ in benchmark.scaledIterations {
            var copy = state
            blackHole(copy.finalize())
        }
    }
}
