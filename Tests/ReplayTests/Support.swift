@testable import LodestoneReplay
import Matching

/// Replays `text` as the command would and returns everything written to stdout.
func replay(_ text: String, engine: Engine = .fast, rules: MarketRules? = nil, marketData: Bool = false) throws -> String {
    let input = ReplayInput(Array(text.utf8))
    let capacity = try Replay.capacity(for: input, maxRestingOrders: 1_000, maxPriceLevels: 100)
    var output: [UInt8] = []
    let run = Replay(input: input, rules: try rules ?? MarketRules(), capacity: capacity, includeMarketData: marketData)
    run.run(engine) { output += $0 }
    return String(decoding: output, as: UTF8.self)
}

/// The output's lines.
func lines(_ output: String) -> [Substring] { output.split(separator: "\n") }

/// A synthetic stream from the generator, as text.
func generated(_ count: Int, seed: UInt64) throws -> String {
    var generator = try StreamGenerator(count: count, seed: seed)
    var bytes: [UInt8] = []
    generator.generate { bytes += $0 }
    return String(decoding: bytes, as: UTF8.self)
}
