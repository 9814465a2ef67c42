/// The files of a devnet folder (docs/OPERATIONS.md). With one validator:
///
///     node.json  genesis.json  keys/validator.key  keys/fee-collector.key
///     keys/trader-1.key …  data/ (LevelDB: chain and mempool journal)
///
/// With N validators the folder itself is the follower (node.json with role follower,
/// keys/follower.key, curve.key, data/), serving the gateway and feeds, and each validator
/// is a node folder inside it that shares the genesis:
///
///     validator-1/node.json  validator-1/keys/validator.key  validator-1/curve.key  validator-1/data/
///     …  logs/validator-1.log … logs/follower.log (written by `lodestone devnet`)
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

    /// The follower's signing key (a cluster devnet): its identity among the peers; it never votes.
    public var followerKeyPath: String { path("keys/follower.key") }
    /// This node folder's CURVE secret key (Z85) for the consensus network.
    public var curveKeyPath: String { path(Self.curveKeyFileName) }
    /// Where `lodestone devnet` writes each node process's output.
    public var logsPath: String { path("logs") }

    /// The CURVE key file's name in every node folder.
    public static let curveKeyFileName = "curve.key"
    /// The follower's name in messages and logs.
    public static let followerName = "follower"

    /// Validator `number`'s (from 1) name and folder.
    public static func validatorName(_ number: Int) -> String { "validator-\(number)" }
    public func validatorDirectory(_ number: Int) -> String { path(Self.validatorName(number)) }
    /// The output file of the node called `name`.
    public func logPath(_ name: String) -> String { path("logs/\(name).log") }

    func path(_ relative: String) -> String { NodeFiles.resolve(relative, against: directory) }
}

extension DevnetLayout {
    /// The trader key files present, in number order.
    public var traderKeyPaths: [String] {
        (1...DevnetOptions.tradersMax).map(traderKeyPath).prefix { NodeFiles.exists($0) }.map { $0 }
    }
}

/// One node process of a devnet.
public struct DevnetNode: Sendable, Equatable {
    /// `validator-N`, `follower`, or `validator` for a single-validator devnet.
    public let name: String
    /// Its node folder (holds node.json).
    public let directory: String
    public let isFollower: Bool
}

extension DevnetLayout {
    /// How many validator folders the devnet has (`validator-1`, … holding node.json);
    /// 0 for a single-validator devnet, whose folder is the validator.
    public var validatorFolderCount: Int {
        (1...DevnetOptions.validatorsMax).prefix { NodeFiles.exists(DevnetLayout(directory: validatorDirectory($0)).nodeConfigPath) }.count
    }

    /// The nodes to run, validators first: one validator for a single-validator devnet,
    /// else every validator folder and the follower (this folder).
    public var nodes: [DevnetNode] {
        let validators = validatorFolderCount
        guard validators > 0 else { return [DevnetNode(name: "validator", directory: directory, isFollower: false)] }
        return (1...validators).map { DevnetNode(name: Self.validatorName($0), directory: validatorDirectory($0), isFollower: false) }
            + [DevnetNode(name: Self.followerName, directory: directory, isFollower: true)]
    }
}
