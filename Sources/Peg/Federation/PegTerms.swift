import Crypto
import Ledger
import Primitives

/// The peg's terms as a federation member needs them: the sidechain genesis's peg section
/// (federation, K, pegged assets with their minimum deposits) and the sidechain's chain ID,
/// which every mint signature binds.
public struct PegTerms: Sendable {
    public let federation: FederationKeys
    /// K: a deposit is acted on once its block has K confirmations on the main chain.
    public let confirmationsRequired: UInt64
    /// The pegged assets (same AssetID on both chains) and the least deposit of each.
    public let depositMinimums: [AssetID: Amount]
    /// The sidechain's chain ID (its signature hashes' domain).
    public let sidechainChainID: Hash256
    /// The suite both chains use.
    public let suite: any CryptoSuite

    public init(
        federation: FederationKeys, confirmationsRequired: UInt64, depositMinimums: [AssetID: Amount], sidechainChainID: Hash256,
        suite: any CryptoSuite
    ) throws(FederationError) {
        if let problem = federation.problem(suite: suite) { throw .badConfiguration("federation: \(problem)") }
        guard confirmationsRequired >= 1 else { throw .badConfiguration("K (confirmations required) must be at least 1") }
        self.federation = federation
        self.confirmationsRequired = confirmationsRequired
        self.depositMinimums = depositMinimums
        self.sidechainChainID = sidechainChainID
        self.suite = suite
    }

    /// What the federation does with `output`, a deposit with `terms`, by the sidechain's
    /// rules: mint when the asset is pegged, the amount at least its minimum and the
    /// destination a well-formed pay-to-key or multisig program; refund otherwise.
    public func judge(_ output: Output, _ terms: FederationDeposit) -> DepositVerdict {
        guard let minimum = depositMinimums[output.asset] else { return .refund(.unpeggedAsset) }
        guard output.amount >= minimum else { return .refund(.belowMinimum) }
        guard case .success = terms.destinationProgram(suite: suite) else { return .refund(.malformedDestination) }
        return .mint
    }

    /// The deposit terms `output` is locked with, if it is a deposit to this federation.
    public func depositTerms(of output: Output) -> FederationDeposit? {
        guard case .federationDeposit(let terms) = output.program, terms.federation == federation else { return nil }
        return terms
    }
}
