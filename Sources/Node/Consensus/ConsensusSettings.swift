import Chain
import Crypto
import Foundation
import Primitives
import ZeroMQ

/// A node this one talks consensus with: who it is, what its connections authenticate as,
/// and where its consensus ROUTER listens.
public struct ConsensusPeer: Sendable, Hashable {
    public let key: PublicKey
    public let curveKey: ZMQCurveKey
    public let endpoint: String

    public init(key: PublicKey, curveKey: ZMQCurveKey, endpoint: String) {
        self.key = key
        self.curveKey = curveKey
        self.endpoint = endpoint
    }
}

/// The consensus side of a node's settings, resolved from node.json and the genesis: its
/// role, its network (none for a validator that finalizes alone) and whom it admits.
public struct ConsensusSettings: Sendable {
    /// What the node is in the network (node.json `role`).
    public enum Role: String, Sendable {
        /// Votes while its key is in the validator set; otherwise syncs like a follower.
        case validator
        /// Never votes: syncs finalized blocks and forwards its pool's items to validators.
        case follower
    }

    public let role: Role
    /// The node's consensus ROUTER; nil runs no network.
    public let endpoint: String?
    /// The node's CURVE key pair (nil without a network).
    public let curve: ZMQCurveKeyPair?
    /// The nodes this one connects a DEALER to.
    public let peers: [ConsensusPeer]
    /// CURVE keys allowed to connect, with the signing key each connection authenticates as:
    /// the genesis validators' network keys and every peer's.
    public let admitted: [ZMQCurveKey: PublicKey]

    public init(role: Role, endpoint: String?, curve: ZMQCurveKeyPair?, peers: [ConsensusPeer], admitted: [ZMQCurveKey: PublicKey]) {
        self.role = role
        self.endpoint = endpoint
        self.curve = curve
        self.peers = peers
        self.admitted = admitted
    }

    /// A validator without a network: finalizes alone (a validator set of one).
    public static var standalone: ConsensusSettings {
        ConsensusSettings(role: .validator, endpoint: nil, curve: nil, peers: [], admitted: [:])
    }

    /// Longest CURVE key file read.
    static let curveKeyFileBytesMax = 1_024

    /// Resolves node.json's consensus keys: reads the CURVE key file (only with an endpoint)
    /// and the peers' keys, checked against the chain's suite.
    public static func load(_ settings: NodeSettings) throws(NodeError) -> ConsensusSettings {
        let configuration = settings.configuration
        let role = Role(rawValue: configuration.role) ?? .validator
        guard !configuration.consensusEndpoint.isEmpty else { return standalone }
        let path = NodeFiles.resolve(NodeConfiguration.fileName, against: settings.directory)
        let check = FieldCheck(path: path)
        var peers: [ConsensusPeer] = []
        for (index, entry) in configuration.consensusPeers.enumerated() {
            let field = "\(NodeConfiguration.CodingKeys.consensusPeers.rawValue)[\(index)]"
            let key = try check.publicKey(entry.publicKey, field: "\(field).public_key", suite: settings.chain.suite)
            guard let curveKey = try? ZMQCurveKey(z85: entry.curveKey) else { throw check.invalid("\(field).curve_key", "not Z85") }
            peers.append(ConsensusPeer(key: key, curveKey: curveKey, endpoint: entry.endpoint))
        }
        var admitted: [ZMQCurveKey: PublicKey] = [:]
        for (curveKey, key) in genesisNetworkKeys(settings.chain) { admitted[curveKey] = key }
        for peer in peers { admitted[peer.curveKey] = peer.key }
        // Genesis lists this node too; it does not talk to itself.
        admitted = admitted.filter { $0.value != settings.validatorKey.publicKey }
        peers.removeAll { $0.key == settings.validatorKey.publicKey }
        let curve = try curveKeyPair(at: NodeFiles.resolve(configuration.curveKeyFile, against: settings.directory))
        return ConsensusSettings(role: role, endpoint: configuration.consensusEndpoint, curve: curve, peers: peers, admitted: admitted)
    }

    /// The genesis validators' CURVE keys with their signing keys, in validator order.
    static func genesisNetworkKeys(_ chain: ChainConfig) -> [(ZMQCurveKey, PublicKey)] {
        // The genesis file check made each one 32 bytes, one per validator.
        zip(chain.genesis.validatorNetworkKeys, chain.genesis.validators).compactMap { bytes, key in
            (try? ZMQCurveKey(bytes: bytes)).map { ($0, key) }
        }
    }

    /// The key pair of the Z85 secret key on the first line of the file at `path`.
    static func curveKeyPair(at path: String) throws(NodeError) -> ZMQCurveKeyPair {
        let text = String(decoding: try NodeFiles.read(path, maxBytes: curveKeyFileBytesMax), as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        do { return try ZMQCurveKeyPair(secretKey: try ZMQCurveKey(z85: line)) } catch {
            throw .keyFileInvalid(path: path, reason: "not a CURVE secret key (40 Z85 characters on the first line): \(error.message)")
        }
    }
}
