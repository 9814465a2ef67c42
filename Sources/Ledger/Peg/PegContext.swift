import Crypto
import Primitives

/// What the ledger needs to judge a mint, from a chain whose genesis enables the peg: the
/// federation, how deep a deposit must be, the pegged assets with their minimum deposits,
/// and the main-chain header tree the chain's state keeps. Whether the deposit was already
/// minted, and whether the peg is halted, are the chain's to check (its state).
public struct PegContext: Sendable {
    public let federation: FederationKeys
    /// K: a deposit's block must have at least this many confirmations on the best header
    /// chain (1 = the tip itself).
    public let confirmationsRequired: UInt64
    /// The pegged assets (same asset ID on both chains) and the least each deposit must carry.
    public let depositMinimums: [AssetID: Amount]
    public let headers: HeaderTree

    public init(federation: FederationKeys, confirmationsRequired: UInt64, depositMinimums: [AssetID: Amount], headers: HeaderTree) {
        self.federation = federation
        self.confirmationsRequired = confirmationsRequired
        self.depositMinimums = depositMinimums
        self.headers = headers
    }
}
