import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Primitives

/// How `lodestone devnet` runs the devnet's main chain (`mainchain/devnet.json`): the
/// endpoints `lodestone-mainchain run` binds and its miner's CPU share. The main chain's
/// own files (genesis.json, chain/) are the tool's (docs/MAINCHAIN.md).
public struct DevnetMainChainRun: Codable, Sendable, Equatable {
    public static let fileName = "devnet.json"

    /// The RPC endpoint (ROUTER) `lodestone-mainchain run --rpc` binds; members and validators connect to it.
    public var rpc: String
    /// The block-notification endpoint (PUB), `--pub`.
    public var pub: String
    /// The miner's share of one core, `--miner-cpu-percent` (1...100).
    public var minerCPUPercent: Int

    public init(rpc: String, pub: String, minerCPUPercent: Int) {
        self.rpc = rpc
        self.pub = pub
        self.minerCPUPercent = minerCPUPercent
    }

    enum CodingKeys: String, CodingKey {
        case rpc, pub
        case minerCPUPercent = "miner_cpu_percent"
    }
}

extension DevnetLayout {
    /// The main chain's folder (`lodestone-mainchain run --dir`): genesis.json, devnet.json, chain/.
    public var mainChainPath: String { path("mainchain") }
    public var mainChainGenesisPath: String { path("mainchain/genesis.json") }
    public var mainChainRunPath: String { path("mainchain/\(DevnetMainChainRun.fileName)") }
    /// Federation member `number`'s (from 1) folder (`lodestone federation run --dir`).
    public func federationDirectory(_ number: Int) -> String { path(Self.federationName(number)) }
    /// Federation member `number`'s name in messages and logs.
    public static func federationName(_ number: Int) -> String { "federation-\(number)" }
    /// The main chain's name in messages and logs.
    public static let mainChainName = "mainchain"
    /// Written by `lodestone devnet` once the traders' funding deposits are on the main chain,
    /// so a later run does not deposit again.
    public var pegFundedPath: String { path("peg-funded.json") }

    /// Whether the devnet has a peg (a main chain run file).
    public var hasPeg: Bool { NodeFiles.exists(mainChainRunPath) }

    /// How many member folders (`federation-1`, … holding federation.json) the devnet has.
    public var federationFolderCount: Int {
        (1...DevnetPorts.federationMembersMax).prefix {
            NodeFiles.exists(NodeFiles.resolve(FederationMemberConfiguration.fileName, against: federationDirectory($0)))
        }.count
    }

    /// The main chain's run file.
    public func mainChainRun() throws(NodeError) -> DevnetMainChainRun {
        try JSONConfig.decode(DevnetMainChainRun.self, path: mainChainRunPath)
    }
}

extension DevnetLayout {
    /// What a pegged devnet adds to the sidechain genesis and node.json: the peg section, and
    /// the main chain RPC the validators relay headers from.
    struct PegPlan {
        let section: GenesisFile.PegEntry
        let mainChainRPC: String
    }

    /// The peg's files, before the sidechain genesis and node.json are written: the main
    /// chain's folder (a genesis allocating each trader's BTC and USDT on the main chain with
    /// the sidechain's asset definitions, so the same asset IDs) and one folder per federation
    /// member (its key, federation.json naming the devnet's genesis, the main chain, the
    /// gateway and the other members). Returns the genesis `peg` section.
    func createPeg(_ options: DevnetOptions, traders: [PublicKey], gateway: String, timestampMs: UInt64) throws(NodeError) -> PegPlan {
        guard !gateway.contains("*") else {
            throw .devnetRefused(
                path: directory, reason: "a devnet with a peg needs a fixed gateway port (the federation members reach it)")
        }
        let ports = DevnetPorts(base: options.portBase)
        let pegged = DevnetOptions.peggedAssets
        let definitions = pegged.map { peg in
            let decimals = DevnetOptions.assets.first { $0.asset.symbol == peg.symbol }?.asset.decimals ?? 0
            return (AssetDefinition(symbol: peg.symbol, decimals: decimals), Self.perTrader(peg.symbol))
        }
        guard let native = definitions.first?.0 else { throw .devnetRefused(path: directory, reason: "no pegged assets") }
        let allocations = traders.flatMap { trader in
            definitions.map { definition, perTrader in
                MainChainGenesis.Allocation(
                    asset: definition, amount: Amount(perTrader * DevnetOptions.mainChainAllocationFactor), program: .payToKey(trader))
            }
        }
        let mainGenesis = MainChainGenesis(
            chainName: DevnetOptions.chainName + "-main", timestampMs: timestampMs, powLimitBits: DevnetOptions.mainChainPowLimitBits,
            blockIntervalMs: options.mainChainBlockIntervalMs, retargetIntervalBlocks: DevnetOptions.mainChainRetargetIntervalBlocks,
            nativeAsset: native, assets: definitions.map(\.0), allocations: allocations)
        do { try mainGenesis.check() } catch {
            throw .devnetRefused(path: mainChainGenesisPath, reason: "the main-chain genesis is refused: \(error)")
        }
        try NodeFiles.makeDirectory(mainChainPath)
        try NodeFiles.write(MainChainGenesisFile(mainGenesis).json, to: mainChainGenesisPath)
        let run = DevnetMainChainRun(rpc: ports.mainChainRPC, pub: ports.mainChainPub, minerCPUPercent: options.minerCPUPercent)
        try NodeFiles.write(JSONConfig.encode(run), to: mainChainRunPath)

        let count = DevnetOptions.federationMembers
        var keys: [PublicKey] = []
        for number in 1...count {
            let folder = federationDirectory(number)
            try NodeFiles.makeDirectory(folder)
            let key = try newKey(Self.federationName(number), at: NodeFiles.resolve("member.key", against: folder), options)
            keys.append(key.publicKey)
        }
        for number in 1...count {
            let configuration = FederationMemberConfiguration(
                keyFile: "member.key", genesisFile: "../genesis.json", mainChainRPC: ports.mainChainRPC, gateway: gateway,
                listen: ports.federationShare(number),
                peers: (1...count).filter { $0 != number }.map(ports.federationShare))
            try configuration.write(directory: federationDirectory(number))
        }
        let federation = FederationKeys(threshold: DevnetOptions.federationThreshold, keys: keys)
        let section = GenesisFile.PegEntry(
            mainChain: GenesisFile.MainChainEntry(mainGenesis.parameters), federation: GenesisFile.FederationEntry(federation),
            confirmationsRequired: DevnetOptions.confirmationsRequired,
            peggedAssets: pegged.map { GenesisFile.PeggedAssetEntry(symbol: $0.symbol, minimumDeposit: $0.minimumDeposit) })
        return PegPlan(section: section, mainChainRPC: ports.mainChainRPC)
    }

    /// A trader's sidechain amount of `symbol` (`DevnetOptions.assets`): what the funding
    /// deposit of a pegged asset moves.
    public static func perTrader(_ symbol: String) -> UInt64 {
        DevnetOptions.assets.first { $0.asset.symbol == symbol }?.perTrader ?? 0
    }

    /// Whether `symbol` is pegged in a devnet with a peg.
    static func isPegged(_ symbol: String) -> Bool { DevnetOptions.peggedAssets.contains { $0.symbol == symbol } }
}
