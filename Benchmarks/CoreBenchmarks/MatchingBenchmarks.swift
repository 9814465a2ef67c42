import Benchmark
import Matching
import MatchingWorkloads

/// The fast book on the exchange-core-like mix (9% GTC, 3% IOC, 6% cancel, 82% replace,
/// ~1k levels, 10k+ resting). One iteration runs the whole stream through a fresh book;
/// operations/s = throughput × `operationCount`.
func registerMatchingBenchmarks() {
    let operationCount = 1_000_000
    let operations = try! ExchangeCoreMix.operations(count: operationCount, seed: 7)
    let capacity = try! BookCapacity(maxRestingOrders: 1 << 20, maxPriceLevels: 1 << 16, maxOrderIDs: UInt32(operationCount + 1))
    let rules = try! MarketRules()

    Benchmark(
        "matching.fast book, 1M ops exchange-core mix (throughput × 1M = ops/s)",
        configuration: .init(metrics: [.throughput, .wallClock], maxDuration: .seconds(5), maxIterations: 10)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var book = FastBook(rules: rules, capacity: capacity)
            var sink = EventCounter()
            benchmark.startMeasurement()
            for operation in operations { operation.apply(to: &book, into: &sink) }
            benchmark.stopMeasurement()
            blackHole(sink)
        }
    }
}
