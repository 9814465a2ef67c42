// swift-tools-version: 6.1
// Benchmarks for Lodestone's hot paths, run with `swift package benchmark` from this folder
// (or `make bench` from the repository root). Kept out of the main package so the test
// build does not compile the benchmark harness.
import PackageDescription

let package = Package(
    name: "LodestoneBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Lodestone", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LodestoneCore", package: "Lodestone"),
            ],
            path: "CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
