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

    public init(
        chainName: String, timestampMs: UInt64, blockIntervalMs: UInt64, suite: CryptoSuiteID, nativeAsset: String,
        assets: [AssetDefinition], allocations: [Allocation], validators: [PublicKey], feeCollector: ControlProgram,
        markets: [MarketDefinition]
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
    }
}
