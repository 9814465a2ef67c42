import Dispatch
import Foundation

/// Runs many seeds, on `jobs` threads (each seed on one thread, alone in its world), and
/// reports them in seed order whatever order they finished in.
struct SimRunner {
    struct Options {
        var seeds = 1
        var firstSeed: UInt64 = 1
        var validators: Int?
        var faults: [Fault]?
        var heights: UInt64?
        var jobs = 1
        var verbose = false
    }

    let options: Options

    /// One seed, start to checks. A world that cannot even be built is a failing seed.
    static func runSeed(_ seed: UInt64, options: Options) -> SeedResult {
        let scenario = Scenario.draw(seed: seed, forced: options.faults, validators: options.validators, heights: options.heights)
        do {
            let world = try SimWorld(scenario: scenario, configuration: SimWorld.defaultConfiguration(validators: scenario.validators))
            return world.run()
        } catch {
            return SeedResult(
                scenario: scenario, failures: [CheckFailure(check: .run, detail: "the world could not be built: \(error)")],
                traceHash: TraceHash(), counters: SimCounters(), height: 0)
        }
    }

    /// Every seed's result, in seed order.
    func run() -> [SeedResult] {
        let options = options
        let seeds = (0..<UInt64(options.seeds)).map { options.firstSeed &+ $0 }
        let results = ResultBox(count: seeds.count)
        let workers = max(1, min(options.jobs, seeds.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = results.claim() {
                results.store(Self.runSeed(seeds[index], options: options), at: index)
            }
        }
        return results.all
    }
}

/// Seeds handed out to worker threads and their results, under one lock.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [SeedResult?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.withLock {
            guard next < results.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: SeedResult, at index: Int) { lock.withLock { results[index] = result } }

    var all: [SeedResult] { lock.withLock { results.compactMap { $0 } } }
}
