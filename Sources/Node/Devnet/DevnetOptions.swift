import Crypto
import Foundation
import ZeroMQ

/// What `DevnetLayout.create` puts in a new devnet.
public struct DevnetOptions: Sendable {
    /// Most trader keys a devnet is created with.
    public static let tradersMax = 64
    /// Most validators a devnet runs, each as its own process on this machine.
    public static let validatorsMax = 16

    /// The market files copied into genesis.
    public var marketsDirectory = "Markets"
    /// How many funded trader keys to create (1...`tradersMax`).
    public var traders = 3
    /// Validators (1...`validatorsMax`). One: the folder is a single validator node, as
    /// before. More: one folder per validator inside it, and the folder itself is a follower
    /// that serves the gateway and feeds on the endpoints below.
    public var validators = 1
    /// Native minor units each validator of a cluster devnet locks at genesis as a vote for
    /// itself (its self stake): 1,000 LODE.
    public var validatorSelfStake: UInt64 = 100_000_000_000
    /// A main chain (`mainchain/`, run by `lodestone-mainchain`) and a federation of
    /// `federationMembers` (`federation-1/`, …) pegging BTC and USDT into the sidechain
    /// (DevnetLayout+Peg.swift). Off here, so library users and existing tests keep a plain
    /// devnet; `lodestone devnet` turns it on unless `--no-peg`. Needs fixed ports
    /// (`usePublicPorts`): the members reach the gateway by its endpoint.
    public var peg = false
    /// The main chain's target block interval in a pegged devnet.
    public var mainChainBlockIntervalMs: UInt64 = 1_000
    /// The share of one core the main chain's miner may use (`--miner-cpu-percent`).
    public var minerCPUPercent = 15
    /// The first port of the validators' consensus and intake ports (`DevnetPorts`).
    public var portBase: UInt16 = DevnetPorts.defaultBase
    public var intakeEndpoint = NodeConfiguration().intakeEndpoint
    /// The market-data PUB and snapshot ROUTER endpoints (tests use port `*`).
    public var feedEndpoint = NodeConfiguration().feedEndpoint
    public var snapshotEndpoint = NodeConfiguration().snapshotEndpoint
    /// The order-entry gateway's endpoint; nil puts it ten ports above the intake.
    public var gatewayEndpoint: String?
    public var blockIntervalMs = GenesisFile.defaultBlockIntervalMs
    /// The genesis time; nil takes the clock's time at creation.
    public var genesisTimestampMs: UInt64?
    /// Makes the key called `name` ("validator", "fee-collector", "trader-1", ...). Random by
    /// default; tests pass fixed keys for reproducible networks.
    public var makeKey: @Sendable (_ name: String) -> any SigningKey = { _ in SchnorrSecp256k1Suite().generateSigningKey() }
    /// Makes the CURVE key pair of the node called `name` ("validator-1", ..., "follower").
    public var makeCurveKeyPair: @Sendable (_ name: String) throws(ZMQError) -> ZMQCurveKeyPair = { _ throws(ZMQError) in
        try ZMQCurve.generateKeyPair()
    }

    public init() {}

    /// The assets of every devnet and each trader's genesis allocation, in minor units:
    /// 1,000 LODE, 10 BTC, 1,000,000 USDT and 100 ETH.
    public static let assets: [(asset: GenesisFile.Asset, perTrader: UInt64)] = [
        (GenesisFile.Asset(symbol: "LODE", decimals: 8), 100_000_000_000),
        (GenesisFile.Asset(symbol: "BTC", decimals: 8), 1_000_000_000),
        (GenesisFile.Asset(symbol: "USDT", decimals: 6), 1_000_000_000_000),
        (GenesisFile.Asset(symbol: "ETH", decimals: 8), 10_000_000_000),
    ]
    public static let nativeAsset = "LODE"

    /// The pegged assets of a devnet with a peg (BTC and USDT; LODE and ETH stay sidechain
    /// assets) with their least deposit in minor units: 0.0001 BTC and 1 USDT.
    public static let peggedAssets: [(symbol: String, minimumDeposit: UInt64)] = [("BTC", 10_000), ("USDT", 1_000_000)]
    /// Each trader's main-chain allocation of a pegged asset, as a multiple of its sidechain
    /// amount (`assets`): the funding deposit moves one share, the rest stays on the main chain.
    public static let mainChainAllocationFactor: UInt64 = 2
    /// The federation of a devnet with a peg: 2 of 3 members sign.
    public static let federationMembers = 3
    public static let federationThreshold: UInt8 = 2
    /// K: main-chain confirmations before a deposit is minted.
    public static let confirmationsRequired: UInt64 = 3
    /// The main chain's difficulty period (blocks).
    public static let mainChainRetargetIntervalBlocks: UInt64 = 20
    /// The easiest compact target: a debug build mines a block in a few hashes.
    public static let mainChainPowLimitBits: UInt32 = 0x207f_ffff
    public static let chainName = "lodestone-devnet"
}
