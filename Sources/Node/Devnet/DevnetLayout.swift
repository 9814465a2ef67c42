/// The files of a devnet folder (docs/OPERATIONS.md):
///
///     node.json  genesis.json  keys/validator.key  keys/fee-collector.key
///     keys/trader-1.key …  data/ (LevelDB: chain and mempool journal)
public struct DevnetLayout: Sendable, Equatable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public var nodeConfigPath: String { path(NodeConfiguration.fileName) }
    public var genesisPath: String { path("genesis.json") }
    public var keysPath: String { path("keys") }
    public var dataPath: String { path("data") }
    public var validatorKeyPath: String { path("keys/validator.key") }
    public var feeCollectorKeyPath: String { path("keys/fee-collector.key") }

    /// The key file of trader `number` (from 1).
    public func traderKeyPath(_ number: Int) -> String { path("keys/trader-\(number).key") }

    /// Whether the folder already holds a devnet (its node.json).
    public var exists: Bool { NodeFiles.exists(nodeConfigPath) }

    private func path(_ relative: String) -> String { NodeFiles.resolve(relative, against: directory) }
}

extension DevnetLayout {
    /// The trader key files present, in number order.
    public var traderKeyPaths: [String] {
        (1...DevnetOptions.tradersMax).map(traderKeyPath).prefix { NodeFiles.exists($0) }.map { $0 }
    }
}
