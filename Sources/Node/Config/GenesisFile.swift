import Chain
import Crypto
import Foundation
import Ledger
import Markets
import Primitives

/// genesis.json: everything a chain starts from, in a form an operator can read and edit.
/// Public keys are hex; amounts are integers in minor units. `genesis(path:)` checks every
/// field and names the one at fault.
public struct GenesisFile: Codable, Sendable, Equatable {
    /// Bounds on a genesis file, so a bad one fails fast instead of exhausting memory.
    public static let chainNameBytesMax = 64
    public static let assetsMax = 256
    public static let allocationsMax = 100_000
    /// Most keys `validators` may list (the genesis set; elections pick `validators_max`).
    public static let validatorsListedMax = 64
    public static let blockIntervalMsAllowed: ClosedRange<UInt64> = 10...60_000
    public static let defaultBlockIntervalMs: UInt64 = 100
    /// Length of a Z85 CurveZMQ public key (32 bytes).
    public static let curveKeyZ85Length = 40

    public var chainName: String
    public var timestampMs: UInt64
    public var blockIntervalMs: UInt64
    /// The crypto suite's number (1: BIP340 Schnorr on secp256k1).
    public var suite: UInt8
    public var nativeAsset: String
    public var assets: [Asset]
    public var allocations: [Allocation]
    /// Validators' public keys, hex.
    public var validators: [String]
    /// The public key trading fees are paid to, hex.
    public var feeCollector: String
    public var markets: [MarketEntry]
    /// The validators' CurveZMQ public keys, Z85 (40 characters), one per entry of
    /// `validators` in the same order; required with more than one validator.
    public var validatorCurveKeys: [String]?
    /// Blocks per epoch (the set may change after each multiple).
    public var epochLengthBlocks: UInt64
    /// How many validators an election picks (top N by votes).
    public var validatorsMax: Int
    /// Least own stake (minor units of the native asset) that registers a candidate.
    public var minSelfStake: UInt64
    /// Blocks between an unvote and the withdrawal; every vote lock carries this.
    public var unlockDelayBlocks: UInt64
    /// Basis points of a validator's epoch reward passed on to its voters.
    public var voterShareBps: UInt16
    /// The main-chain peg (GenesisFile+Peg.swift); absent: a chain without one.
    public var peg: PegEntry?

    /// An asset and its decimals.
    public struct Asset: Codable, Sendable, Equatable {
        public var symbol: String
        public var decimals: UInt8

        public init(symbol: String, decimals: UInt8) {
            self.symbol = symbol
            self.decimals = decimals
        }

        enum CodingKeys: String, CodingKey {
            case symbol, decimals
        }

        /// Every key is required; a bad number names its key.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            symbol = try container.field(.symbol)
            decimals = try container.field(.decimals)
        }
    }

    /// `amount` minor units of `asset` paid to `publicKey` (hex) at genesis; with `voteFor`
    /// (a candidate's hex key) the amount is instead locked by `publicKey` as votes for it.
    public struct Allocation: Codable, Sendable, Equatable {
        public var asset: String
        public var amount: UInt64
        public var publicKey: String
        public var voteFor: String?

        enum CodingKeys: String, CodingKey {
            case asset, amount
            case publicKey = "public_key"
            case voteFor = "vote_for"
        }

        public init(asset: String, amount: UInt64, publicKey: String, voteFor: String? = nil) {
            self.asset = asset
            self.amount = amount
            self.publicKey = publicKey
            self.voteFor = voteFor
        }

        /// Every key but `vote_for` is required; a bad number names its key.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            asset = try container.field(.asset)
            amount = try container.field(.amount)
            publicKey = try container.field(.publicKey)
            voteFor = try container.fieldIfPresent(.voteFor)
        }
    }

    enum CodingKeys: String, CodingKey {
        case chainName = "chain_name"
        case timestampMs = "timestamp_ms"
        case blockIntervalMs = "block_interval_ms"
        case suite
        case nativeAsset = "native_asset"
        case assets, allocations, validators
        case feeCollector = "fee_collector"
        case markets
        case validatorCurveKeys = "validator_curve_keys"
        case epochLengthBlocks = "epoch_length_blocks"
        case validatorsMax = "validators_max"
        case minSelfStake = "min_self_stake"
        case unlockDelayBlocks = "unlock_delay_blocks"
        case voterShareBps = "voter_share_bps"
        case peg
    }

    public init(
        chainName: String, timestampMs: UInt64, blockIntervalMs: UInt64 = GenesisFile.defaultBlockIntervalMs,
        suite: CryptoSuiteID = .schnorrSecp256k1, nativeAsset: String, assets: [Asset], allocations: [Allocation],
        validators: [PublicKey], feeCollector: PublicKey, markets: [MarketDefinition], validatorCurveKeys: [String]? = nil,
        epochLengthBlocks: UInt64 = Genesis.defaultEpochLengthBlocks, validatorsMax: Int = Genesis.defaultValidatorsMax,
        minSelfStake: UInt64 = Genesis.defaultMinSelfStake, unlockDelayBlocks: UInt64 = Genesis.defaultUnlockDelayBlocks,
        voterShareBps: UInt16 = Genesis.defaultVoterShareBps, peg: PegEntry? = nil
    ) {
        self.chainName = chainName
        self.timestampMs = timestampMs
        self.blockIntervalMs = blockIntervalMs
        self.suite = suite.rawValue
        self.nativeAsset = nativeAsset
        self.assets = assets
        self.allocations = allocations
        self.validators = validators.map(\.description)
        self.feeCollector = feeCollector.description
        self.markets = markets.map(MarketEntry.init)
        self.validatorCurveKeys = validatorCurveKeys
        self.epochLengthBlocks = epochLengthBlocks
        self.validatorsMax = validatorsMax
        self.minSelfStake = minSelfStake
        self.unlockDelayBlocks = unlockDelayBlocks
        self.voterShareBps = voterShareBps
        self.peg = peg
    }

    /// `block_interval_ms`, `suite`, `validator_curve_keys`, `peg` and the election parameters
    /// may be left out (defaults: `Genesis.default…`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chainName = try container.field(.chainName)
        timestampMs = try container.field(.timestampMs)
        blockIntervalMs = try container.field(.blockIntervalMs, default: Self.defaultBlockIntervalMs)
        suite = try container.field(.suite, default: CryptoSuiteID.schnorrSecp256k1.rawValue)
        nativeAsset = try container.field(.nativeAsset)
        assets = try container.field(.assets)
        allocations = try container.field(.allocations)
        validators = try container.field(.validators)
        feeCollector = try container.field(.feeCollector)
        markets = try container.field(.markets)
        validatorCurveKeys = try container.fieldIfPresent(.validatorCurveKeys)
        epochLengthBlocks = try container.field(.epochLengthBlocks, default: Genesis.defaultEpochLengthBlocks)
        validatorsMax = try container.field(.validatorsMax, default: Genesis.defaultValidatorsMax)
        minSelfStake = try container.field(.minSelfStake, default: Genesis.defaultMinSelfStake)
        unlockDelayBlocks = try container.field(.unlockDelayBlocks, default: Genesis.defaultUnlockDelayBlocks)
        voterShareBps = try container.field(.voterShareBps, default: Genesis.defaultVoterShareBps)
        peg = try container.fieldIfPresent(.peg)
    }

    /// Reads genesis.json at `path` (fields are checked by `genesis(path:)`).
    public static func load(path: String) throws(NodeError) -> GenesisFile {
        try JSONConfig.decode(GenesisFile.self, path: path)
    }

    /// Writes the file; an existing one is replaced only with `replace`.
    public func write(to path: String, replace: Bool = false) throws(NodeError) {
        try NodeFiles.write(JSONConfig.encode(self), to: path, replace: replace)
    }

    /// The chain configuration this file describes; `path` names the file in errors.
    public func config(path: String) throws(NodeError) -> ChainConfig {
        let genesis = try genesis(path: path)
        do { return try ChainConfig(genesis: genesis) } catch {
            throw .configInvalid(path: path, field: "(genesis)", reason: error.message)
        }
    }
}
