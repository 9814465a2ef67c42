import Foundation

/// A federation member's `federation.json` (docs/PEG.md, "Running a member"): where its key
/// and the sidechain's genesis are, the main chain's RPC, a sidechain node's order-entry
/// gateway, its own share endpoint and the other members'. Paths are relative to the
/// member's folder. The record (LevelDB) lives in the folder's `record/`.
///
/// ```json
/// { "key_file": "member.key", "genesis_file": "genesis.json",
///   "main_chain_rpc": "tcp://127.0.0.1:7600", "gateway": "tcp://127.0.0.1:7411",
///   "listen": "tcp://127.0.0.1:7621", "peers": ["tcp://127.0.0.1:7622", "tcp://127.0.0.1:7623"],
///   "first_height": 1 }
/// ```
public struct FederationMemberConfiguration: Codable, Sendable, Equatable {
    public static let fileName = "federation.json"
    public static let recordFolder = "record"

    public var keyFile: String
    public var genesisFile: String
    public var mainChainRPC: String
    public var gateway: String
    public var listen: String
    public var peers: [String]
    /// The first main-chain height the member scans (the peg's start; genesis holds no deposit).
    public var firstHeight: UInt64

    public init(
        keyFile: String = "member.key", genesisFile: String = "genesis.json", mainChainRPC: String, gateway: String, listen: String,
        peers: [String], firstHeight: UInt64 = 1
    ) {
        self.keyFile = keyFile
        self.genesisFile = genesisFile
        self.mainChainRPC = mainChainRPC
        self.gateway = gateway
        self.listen = listen
        self.peers = peers
        self.firstHeight = firstHeight
    }

    enum CodingKeys: String, CodingKey {
        case keyFile = "key_file"
        case genesisFile = "genesis_file"
        case mainChainRPC = "main_chain_rpc"
        case gateway, listen, peers
        case firstHeight = "first_height"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        keyFile = try container.decodeIfPresent(String.self, forKey: .keyFile) ?? "member.key"
        genesisFile = try container.decodeIfPresent(String.self, forKey: .genesisFile) ?? "genesis.json"
        mainChainRPC = try container.decode(String.self, forKey: .mainChainRPC)
        gateway = try container.decode(String.self, forKey: .gateway)
        listen = try container.decode(String.self, forKey: .listen)
        peers = try container.decode([String].self, forKey: .peers)
        firstHeight = try container.decodeIfPresent(UInt64.self, forKey: .firstHeight) ?? 1
    }

    /// Reads and checks `federation.json` in `directory`.
    public static func load(directory: String) throws(NodeError) -> FederationMemberConfiguration {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let configuration = try JSONConfig.decode(FederationMemberConfiguration.self, path: path)
        try configuration.check(path: path)
        return configuration
    }

    /// Writes `federation.json` into `directory`.
    public func write(directory: String, replace: Bool = false) throws(NodeError) {
        try NodeFiles.write(JSONConfig.encode(self), to: (directory as NSString).appendingPathComponent(Self.fileName), replace: replace)
    }

    func check(path: String) throws(NodeError) {
        let check = FieldCheck(path: path)
        try check.endpoint(mainChainRPC, field: CodingKeys.mainChainRPC.rawValue)
        try check.endpoint(gateway, field: CodingKeys.gateway.rawValue)
        try check.endpoint(listen, field: CodingKeys.listen.rawValue)
        try check.that(peers.count <= 15, CodingKeys.peers.rawValue, "\(peers.count) peers; a federation has at most 16 members")
        for peer in peers { try check.endpoint(peer, field: CodingKeys.peers.rawValue) }
        try check.that(!keyFile.isEmpty, CodingKeys.keyFile.rawValue, "empty")
        try check.that(!genesisFile.isEmpty, CodingKeys.genesisFile.rawValue, "empty")
        try check.that(firstHeight >= 1, CodingKeys.firstHeight.rawValue, "at least 1 (the genesis block holds no deposit)")
    }
}
