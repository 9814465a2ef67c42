import Benchmark
import Crypto
import Primitives

func registerCryptoBenchmarks() {
    let suite = BenchmarkFixture.suite
    let key = BenchmarkFixture.keys[0]
    let message = [UInt8](repeating: 0x5A, count: 32)
    let signature = try! suite.sign(message, with: key)

    Benchmark("crypto.schnorr sign") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try suite.sign(message, with: key)) }
    }
    Benchmark("crypto.schnorr verify (the ceiling for order entry)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(suite.verify(signature, of: message, by: key.publicKey)) }
    }
    Benchmark("crypto.tagged hash 100 bytes") { benchmark in
        let data = [UInt8](repeating: 1, count: 100)
        for _ in benchmark.scaledIterations { blackHole(suite.hash(.transactionID, data)) }
    }
}
