import ArgumentParser
import Foundation

/// `lodestone-sim`: whole validator clusters in one process on a simulated clock and
/// network, seeded; see Tools/sim/README.md.
@main
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-sim", abstract: "Seeded BBFT cluster simulator: faults, checks, figures.")

    @Option(help: "How many seeds to run.") var seeds = 1
    @Option(name: .customLong("first-seed"), help: "The first seed.") var firstSeed: UInt64 = 1
    @Option(name: .customLong("seed"), help: "Run exactly this one seed (replay).") var seed: UInt64?
    @Option(help: "Validators per cluster (default: drawn from 4, 5, 7, 10 per seed).") var validators: Int?
    @Option(
        name: .customLong("fault"),
        help: "Force faults instead of drawing them: \(Fault.allCases.map(\.rawValue).joined(separator: ", ")), all or none; repeatable.")
    var faultNames: [String] = []
    @Option(help: "Heights every honest node must finalize (default: drawn per seed).") var heights: UInt64?
    @Option(help: "Seeds run at once, each on its own thread.") var jobs = 1
    @Flag(help: "Print every seed's scenario, height and trace hash.") var verbose = false
    @Flag(help: "Print messages per height for 4…100 validators, flat against tree, and exit.") var figures = false
    @Option(name: .customLong("figure-heights"), help: "Heights per cluster for --figures.") var figureHeights: UInt64 = 3

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be 1…64") }
        if let validators, !(4...100).contains(validators) { throw ValidationError("--validators must be 4…100") }
        if let heights, !(1...1_000).contains(heights) { throw ValidationError("--heights must be 1…1000") }
        _ = try parsedFaults()
    }

    /// The forced faults, nil to draw per seed.
    func parsedFaults() throws -> [Fault]? {
        guard !faultNames.isEmpty else { return nil }
        var faults: [Fault] = []
        for name in faultNames.flatMap({ $0.split(separator: ",").map(String.init) }) {
            switch name {
            case "all": faults += Fault.allCases
            case "none": break
            default:
                guard let fault = Fault(rawValue: name) else {
                    throw ValidationError("unknown fault \(name); known: \(Fault.allCases.map(\.rawValue).joined(separator: ", ")), all, none")
                }
                faults.append(fault)
            }
        }
        return Array(Set(faults)).sorted()
    }

    var options: SimRunner.Options {
        SimRunner.Options(
            seeds: seed == nil ? seeds : 1, firstSeed: seed ?? firstSeed, validators: validators,
            faults: try? parsedFaults(), heights: heights, jobs: jobs, verbose: verbose || seed != nil)
    }

    func run() throws {
        if figures {
            for line in Figures.table(heights: figureHeights) { print(line) }
            return
        }
        let started = Date()
        let options = options
        let results = SimRunner(options: options).run()
        var total = SimCounters()
        for result in results {
            total.add(result.counters)
            if options.verbose {
                print("seed=\(result.scenario.seed) trace=\(result.traceHash.hex) height=\(result.height) \(result.scenario)")
            }
            if let first = result.failures.first {
                let more = result.failures.count > 1 ? " (+\(result.failures.count - 1) more)" : ""
                print("seed=\(result.scenario.seed) \(first)\(more)")
                if options.verbose {
                    for failure in result.failures.dropFirst() { print("  \(failure)") }
                    for line in result.nodeLines { print(line) }
                }
            }
        }
        for line in total.lines { print(line) }
        print(String(format: "wall_s=%.1f", Date().timeIntervalSince(started)))
        if total.failedSeeds > 0 { throw ExitCode(1) }
    }
}
