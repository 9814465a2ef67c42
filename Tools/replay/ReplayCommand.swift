import ArgumentParser
import Foundation
import Matching

/// `lodestone-replay`: drives the matching core from JSON lines (docs/REPLAY.md).
@main
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-replay",
        abstract: "Replay JSON-lines order operations through a matching engine; events go to stdout as JSON lines.")

    /// Longest input read (the whole input is held in memory).
    static let maxInputBytes = 4 << 30

    @Argument(help: "JSON-lines input file (standard input when omitted).")
    var input: String?

    @Option(help: "Market file (TOML subset: tick_size, lot_size, min_size, maker_fee_bps, taker_fee_bps, self_trade_policy).")
    var market: String?

    @Option(help: "Matching engine: reference or fast.")
    var engine: Engine = .fast

    @Flag(help: "Parse the whole input, then time only the matching; print ops/s and bytes per resting order.")
    var bench = false

    @Option(help: "Write a synthetic stream of this many operations instead of replaying.")
    var generate: Int?

    @Option(help: "Seed for --generate.")
    var seed: UInt64 = 1

    @Option(help: "Most orders resting at once.")
    var maxOrders = 1 << 20

    @Option(help: "Most price levels at once.")
    var maxLevels = 1 << 16

    @Flag(help: "Also write L2 (level) and L3 (order_added, order_reduced, order_replaced, order_removed) events.")
    var marketData = false

    func validate() throws {
        if let generate, !(1...StreamGenerator.maxCount).contains(generate) {
            throw ValidationError("--generate must be in 1...\(StreamGenerator.maxCount)")
        }
    }

    func run() throws {
        if let generate {
            var generator = try StreamGenerator(count: generate, seed: seed)
            generator.generate(emit: Self.write)
            return
        }
        let rules = try marketRules()
        let parsed = ReplayInput(try readInput())
        let capacity = try Replay.capacity(for: parsed, maxRestingOrders: maxOrders, maxPriceLevels: maxLevels)
        if bench {
            let result = Benchmark(input: parsed, rules: rules, capacity: capacity).run(engine)
            print("\(result.operationsPerSecond) ops/s")
            print(Benchmark.rejectionReport(result))
            print(Benchmark.memoryReport(engine, capacity: capacity))
            print(Benchmark.residentMemoryReport())
            return
        }
        Replay(input: parsed, rules: rules, capacity: capacity, includeMarketData: marketData).run(engine, emit: Self.write)
    }

    /// The market rules the CLI options select: `--market FILE` (a `Markets/` file), else
    /// tick 1, lot 1, min 1, no fees, cancel-resting.
    func marketRules() throws -> MarketRules {
        guard let market else { return try MarketRules() }
        return try MarketFile.rules(path: market)
    }

    private func readInput() throws -> [UInt8] {
        let data: Data?
        if let input {
            data = FileManager.default.contents(atPath: input)
        } else {
            data = try FileHandle.standardInput.readToEnd() ?? Data()
        }
        guard let data, data.count <= Self.maxInputBytes else { throw ReplayError.unreadableInput(path: input ?? "stdin") }
        return [UInt8](data)
    }

    private static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
