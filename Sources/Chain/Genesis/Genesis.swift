import Crypto
import Ledger
import Markets
import Primitives

/// Initial funds: `amount` of the asset named `asset`, locked to `program`.
public struct Allocation: Hashable, Sendable {
    public let asset: String
    public let amount: Amount
    public let program: ControlProgram

    public init(asset: String, amount: Amount, program: ControlProgram) {
        self.asset = asset
        self.amount = amount
        self.program = program
    }
}

/// Everything a chain starts from. Its canonical encoding's tagged hash is the chain ID, so
/// two nodes agree on a chain exactly when they agree on its genesis.
public struct Genesis: Sendable, Equatable {
    public let chainName: String
    public let timestampMs: UInt64
    /// Target time between blocks.
    public let blockIntervalMs: UInt64
    public let suite: CryptoSuiteID
    /// Symbol of the fee asset; must be one of `assets`.
    public let nativeAsset: String
    public let assets: [AssetDefinition]
    public let allocations: [Allocation]
    public let validators: [PublicKey]
    /// Where trading fees are paid: a pay-to-key or multisig program.
    public let feeCollector: ControlProgram
    public let markets: [MarketDefinition]
    /// The validators' CurveZMQ public keys (32 bytes each), one per entry of `validators`
    /// in the same order; empty for a chain whose validators do not talk to each other
    /// (a single validator, tools, tests).
    public let validatorNetworkKeys: [[UInt8]]
    /// Blocks per epoch: the set changes after each block whose height is a multiple.
    public let epochLengthBlocks: UInt64
    /// The most validators an election picks (N of "top N").
    public let validatorsMax: Int
    /// Least self-stake (the candidate's own active vote locks) that registers a candidate.
    public let minSelfStake: UInt64
    /// Blocks between an unvote and the withdrawal of the stake; every vote lock carries it.
    public let unlockDelayBlocks: UInt64
    /// The part of a validator's epoch reward passed on to its voters, in basis points.
    public let voterShareBps: UInt16
    /// The main-chain peg, when the chain has one (nil: no headers, mints or peg state).
    public let peg: PegGenesis?

    /// Defaults of the election parameters (a genesis that leaves them out gets these).
    public static let defaultEpochLengthBlocks: UInt64 = 100
    public static let defaultValidatorsMax = 21
    public static let defaultMinSelfStake: UInt64 = 1
    public static let defaultUnlockDelayBlocks: UInt64 = 100
    public static let defaultVoterShareBps: UInt16 = 5_000
    /// Bounds: an election picks at most this many (bitmaps and payouts stay small).
    public static let validatorsMaxLimit = 64
    public static let epochLengthBlocksMax: UInt64 = 1_000_000
    public static let networkKeyBytes = 32

    public init(
        chainName: String, timestampMs: UInt64, blockIntervalMs: UInt64, suite: CryptoSuiteID, nativeAsset: String,
        assets: [AssetDefinition], allocations: [Allocation], validators: [PublicKey], feeCollector: ControlProgram,
        markets: [MarketDefinition], validatorNetworkKeys: [[UInt8]] = [],
        epochLengthBlocks: UInt64 = Genesis.defaultEpochLengthBlocks, validatorsMax: Int = Genesis.defaultValidatorsMax,
        minSelfStake: UInt64 = Genesis.defaultMinSelfStake, unlockDelayBlocks: UInt64 = Genesis.defaultUnlockDelayBlocks,
        voterShareBps: UInt16 = Genesis.defaultVoterShareBps, peg: PegGenesis? = nil
    ) {
        self.chainName = chainName
        self.timestampMs = timestampMs
        self.blockIntervalMs = blockIntervalMs
        self.suite = suite
        self.nativeAsset = nativeAsset
        self.assets = assets
        self.allocations = allocations
        self.validators = validators
        self.feeCollector = feeCollector
        self.markets = markets
        self.validatorNetworkKeys = validatorNetworkKeys
        self.epochLengthBlocks = epochLengthBlocks
        self.validatorsMax = validatorsMax
        self.minSelfStake = minSelfStake
        self.unlockDelayBlocks = unlockDelayBlocks
        self.voterShareBps = voterShareBps
        self.peg = peg
    }
}
