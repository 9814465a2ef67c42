import Benchmark
import Ledger
import Primitives

func registerCodecBenchmarks() {
    let transaction = BenchmarkFixture.settlement
    let bytes = transaction.canonicalBytes

    Benchmark("codec.encode settlement (64 in, 16 out)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(transaction.canonicalBytes) }
    }
    Benchmark("codec.decode settlement (64 in, 16 out)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try Transaction.decode(bytes)) }
    }
    Benchmark("ledger.transaction ID (settlement)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(transaction.id(suite: BenchmarkFixture.suite)) }
    }
}
