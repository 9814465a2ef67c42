import Chain
import Crypto
import Logging

/// Everything a node runs with, resolved from a node folder: node.json, the genesis it
/// names, the validator key, and absolute paths.
public struct NodeSettings: Sendable {
    /// The folder holding node.json; relative paths in it are resolved against this.
    public let directory: String
    public let configuration: NodeConfiguration
    public let chain: ChainConfig
    /// The node's signing key: a validator's, or a follower's identity among its peers.
    public let validatorKey: any SigningKey
    /// The LevelDB folder of the chain and the mempool journal.
    public let dataPath: String
    /// The chain record beside the data folder: which chain it holds, at what height.
    public var chainRecordPath: String { NodeFiles.resolve(ChainRecord.fileName, against: directory) }
    public var logLevel: Logger.Level { Logger.Level(rawValue: configuration.logLevel) ?? .info }

    public init(directory: String, configuration: NodeConfiguration, chain: ChainConfig, validatorKey: any SigningKey) throws(NodeError) {
        // A follower's key names it among its peers; it never signs blocks or votes.
        if configuration.role != ConsensusSettings.Role.follower.rawValue { try NodeError.requireValidator(validatorKey.publicKey, of: chain) }
        self.directory = directory
        self.configuration = configuration
        self.chain = chain
        self.validatorKey = validatorKey
        dataPath = NodeFiles.resolve(configuration.dataDir, against: directory)
    }

    /// Reads `directory/node.json`, the genesis file and the validator key it names.
    public static func load(directory: String) throws(NodeError) -> NodeSettings {
        let configuration = try NodeConfiguration.load(path: NodeFiles.resolve(NodeConfiguration.fileName, against: directory))
        let genesisPath = NodeFiles.resolve(configuration.genesisFile, against: directory)
        let chain = try GenesisFile.load(path: genesisPath).config(path: genesisPath)
        let key = try KeyFile.signingKey(at: NodeFiles.resolve(configuration.validatorKeyFile, against: directory))
        return try NodeSettings(directory: directory, configuration: configuration, chain: chain, validatorKey: key)
    }
}
