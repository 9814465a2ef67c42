import ArgumentParser
import Node

/// `lodestone devnet [--dir devnet] [--fresh]`: a one-validator network with the shipped
/// markets, created on first use, then run in the foreground.
struct DevnetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Create a local devnet folder (keys, genesis, node.json) if missing, then run its node.")

    @Option(help: "The devnet folder.")
    var dir = "devnet"

    @Option(help: "The market files copied into a new genesis.")
    var markets = "Markets"

    @Option(help: "How many funded trader keys a new devnet gets.")
    var traders = 3

    @Flag(help: "Delete the devnet folder (keys, chain and all) and start over.")
    var fresh = false

    func run() throws {
        let layout = DevnetLayout(directory: dir)
        if fresh { try layout.remove() }
        var options = DevnetOptions()
        options.marketsDirectory = markets
        options.traders = traders
        let created = try layout.create(options)
        try describe(layout, created: created)
        try NodeRunner.run(directory: dir)
    }

    private func describe(_ layout: DevnetLayout, created: Bool) throws {
        let settings = try NodeSettings.load(directory: layout.directory)
        print(created ? "created devnet \(layout.directory)" : "using devnet \(layout.directory)")
        print("  genesis   \(layout.genesisPath)  (chain id \(settings.chain.chainID))")
        print("  validator \(layout.validatorKeyPath)")
        print("  fees      \(layout.feeCollectorKeyPath)")
        for path in layout.traderKeyPaths {
            print("  trader    \(path)  \(try KeyFile.signingKey(at: path).publicKey)")
        }
        print("  data      \(settings.dataPath)")
        print("  intake    \(settings.configuration.intakeEndpoint)  (see docs/OPERATIONS.md)")
        print("  feeds     \(settings.configuration.feedEndpoint)  snapshots \(settings.configuration.snapshotEndpoint)")
    }
}
