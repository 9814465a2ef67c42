import ArgumentParser

/// `lodestone`: the operator's command line. The node, devnet and order commands join as
/// their layers land (docs/ARCHITECTURE.md).
@main
struct LodestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone",
        abstract: "Lodestone DEX: matching engine and order-book service on a sidechain.",
        subcommands: [KeysCommand.self])
}
