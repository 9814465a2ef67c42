import Crypto
import Foundation
import ZeroMQ

extension DevnetLayout {
    /// One node of a new cluster devnet, before its files are written.
    struct NodePlan {
        let name: String
        let layout: DevnetLayout
        let key: any SigningKey
        let curve: ZMQCurveKeyPair
        let consensusEndpoint: String
        let isFollower: Bool

        /// How the other nodes find and admit this one (node.json `consensus_peers`).
        var peer: ConsensusPeerEntry {
            ConsensusPeerEntry(publicKey: key.publicKey.description, curveKey: curve.publicKey.z85, endpoint: consensusEndpoint)
        }
    }

    /// The validators' and the follower's folders, keys and node.json files, and a genesis
    /// naming the validators and their CURVE keys. The follower's node.json, in this folder,
    /// is written last: its presence marks a complete devnet.
    /// Each validator relays main-chain headers from `mainChainRPC` (empty: no peg).
    func createCluster(_ options: DevnetOptions, genesis: GenesisFile, mainChainRPC: String) throws(NodeError) {
        let ports = DevnetPorts(base: options.portBase)
        var validators = [NodePlan]()
        for number in 1...options.validators {
            let name = Self.validatorName(number)
            let folder = DevnetLayout(directory: validatorDirectory(number))
            try NodeFiles.makeDirectory(folder.keysPath)
            try NodeFiles.makeDirectory(folder.dataPath)
            validators.append(
                NodePlan(
                    name: name, layout: folder, key: try newKey(name, at: folder.validatorKeyPath, options),
                    curve: try newCurveKey(name, at: folder.curveKeyPath, options), consensusEndpoint: ports.validatorConsensus(number),
                    isFollower: false))
        }
        let follower = NodePlan(
            name: Self.followerName, layout: self, key: try newKey(Self.followerName, at: followerKeyPath, options),
            curve: try newCurveKey(Self.followerName, at: curveKeyPath, options), consensusEndpoint: ports.followerConsensus,
            isFollower: true)
        var genesis = genesis
        genesis.validators = validators.map(\.key.publicKey.description)
        genesis.validatorCurveKeys = validators.map(\.curve.publicKey.z85)
        // Each validator votes for itself: a registered candidate with equal stake, so the
        // first election keeps the set and `lodestone candidates` shows it.
        genesis.allocations += validators.map {
            GenesisFile.Allocation(
                asset: DevnetOptions.nativeAsset, amount: options.validatorSelfStake, publicKey: $0.key.publicKey.description,
                voteFor: $0.key.publicKey.description)
        }
        try write(genesis)

        let everyone = validators + [follower]
        for (index, validator) in validators.enumerated() {
            var configuration = NodeConfiguration()
            configuration.genesisFile = "../genesis.json"
            configuration.intakeEndpoint = ports.validatorIntake(index + 1)
            configuration.gatewayEndpoint = ""
            configuration.feedEndpoint = DevnetPorts.anyPort
            configuration.snapshotEndpoint = DevnetPorts.anyPort
            configuration.mainChainRPC = mainChainRPC
            try write(configuration, of: validator, peers: everyone.filter { $0.name != validator.name })
        }
        var configuration = NodeConfiguration()
        configuration.validatorKeyFile = "keys/follower.key"
        configuration.intakeEndpoint = options.intakeEndpoint
        configuration.feedEndpoint = options.feedEndpoint
        configuration.snapshotEndpoint = options.snapshotEndpoint
        configuration.gatewayEndpoint = options.gatewayEndpoint ?? NodeConfiguration.gatewayEndpoint(besideIntake: options.intakeEndpoint)
        try write(configuration, of: follower, peers: validators)
    }

    /// node.json of `node` with its consensus endpoint, role and peers.
    private func write(_ configuration: NodeConfiguration, of node: NodePlan, peers: [NodePlan]) throws(NodeError) {
        var configuration = configuration
        configuration.role = node.isFollower ? ConsensusSettings.Role.follower.rawValue : ConsensusSettings.Role.validator.rawValue
        configuration.consensusEndpoint = node.consensusEndpoint
        configuration.consensusPeers = peers.map(\.peer)
        configuration.curveKeyFile = Self.curveKeyFileName
        let path = node.layout.nodeConfigPath
        try configuration.check(path: path)
        try configuration.write(to: path)
    }

    /// A new CURVE key pair for `name`; its secret, Z85 on one line, in `path` (mode 0600).
    func newCurveKey(_ name: String, at path: String, _ options: DevnetOptions) throws(NodeError) -> ZMQCurveKeyPair {
        let pair: ZMQCurveKeyPair
        do { pair = try options.makeCurveKeyPair(name) } catch {
            throw .devnetRefused(path: path, reason: "cannot make a CURVE key pair: \(error.description)")
        }
        try NodeFiles.write(Data((pair.secretKey.z85 + "\n").utf8), to: path, mode: 0o600)
        return pair
    }
}
