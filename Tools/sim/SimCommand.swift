import ArgumentParser

/// `lodestone-sim`: whole validator clusters in one process on a simulated clock and
/// network, seeded; see Tools/sim/README.md.
@main
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lodestone-sim", abstract: "Seeded BBFT cluster simulator.")

    @Option(help: "How many seeds to run.") var seeds = 1
    @Option(name: .customLong("first-seed"), help: "The first seed.") var firstSeed: UInt64 = 1

    func run() throws {
        throw ValidationError("the simulator is not built yet")
    }
}
