import ArgumentParser

/// `lodestone`: the operator's command line (docs/OPERATIONS.md).
@main
struct LodestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone",
        abstract: "Lodestone DEX: matching engine and order-book service on a sidechain.",
        subcommands: [
            NodeCommand.self, DevnetCommand.self, StatusCommand.self, KeysCommand.self, OrderCommand.self, FeedCommand.self,
            WatchCommand.self, VerifyCommand.self, CandidatesCommand.self, VoteCommand.self, UnvoteCommand.self,
            CoinsCommand.self, BalancesCommand.self, PegCommand.self, FederationCommand.self,
        ])
}
