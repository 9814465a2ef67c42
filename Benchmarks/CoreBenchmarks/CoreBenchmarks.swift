import Benchmark

/// Every benchmark of the core modules. Figures are judged as ratios between benchmarks of
/// the same run (e.g. transaction validations/s over Schnorr verifications/s), because the
/// machines are noisy.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))
    registerCodecBenchmarks()
    registerCryptoBenchmarks()
    registerMultisetBenchmarks()
    registerStorageBenchmarks()
    registerMatchingBenchmarks()
}
