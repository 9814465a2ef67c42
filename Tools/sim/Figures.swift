import Foundation

/// Messages per finalized height on a calm network with no faults, for growing clusters,
/// with every validator voting flat (all-to-all) against the two-level tree: the table
/// shows the tree's linear growth (ratio to n stays flat) against flat's quadratic one.
enum Figures {
    static let sizes = [4, 7, 16, 31, 64, 100]

    struct Row {
        let validators: Int
        let mode: String
        let heights: UInt64
        let messages: Int
        let byPhase: [String: Int]
    }

    static func measure(validators: Int, tree: Bool, heights: UInt64) -> Row? {
        var configuration = SimWorld.defaultConfiguration(validators: validators)
        configuration.flatValidatorsMax = tree ? 8 : 128
        guard let world = try? FigureWorld(validators: validators, configuration: configuration) else { return nil }
        let reached = world.run(heights: heights)
        guard reached > 0 else { return nil }
        return Row(validators: validators, mode: tree ? "tree" : "flat", heights: reached, messages: world.network.counters.sent, byPhase: world.byPhase)
    }

    static func table(heights: UInt64) -> [String] {
        var lines = [
            "validators mode heights msgs/height propose/h prevote/h precommit/h msgs/h÷n msgs/h÷n²"
        ]
        for size in sizes {
            for tree in [false, true] {
                guard let row = measure(validators: size, tree: tree, heights: heights) else {
                    lines.append("\(size) \(tree ? "tree" : "flat") failed")
                    continue
                }
                let h = Double(row.heights)
                let perHeight = Double(row.messages) / h
                func phase(_ name: String) -> String { String(format: "%.0f", Double(row.byPhase[name] ?? 0) / h) }
                let ratios = String(format: "%.0f %.2f %.3f", perHeight, perHeight / Double(size), perHeight / Double(size * size))
                let parts = ratios.split(separator: " ").map(String.init)
                lines.append(
                    "\(size) \(row.mode) \(row.heights) \(parts[0]) \(phase("propose")) \(phase("prevote")) \(phase("precommit")) \(parts[1]) \(parts[2])")
            }
        }
        return lines
    }
}
