import Crypto
import Primitives

/// What validation needs to know about the chain at the point a transaction is applied.
public struct ValidationContext: Sendable {
    /// Bound into every signature hash: a signature for one chain is void on another.
    public let chainID: Hash256
    /// The height of the block the transaction is in (or would be in, for the mempool).
    public let height: UInt64
    /// The asset fees are paid in.
    public let nativeAsset: AssetID
    public let suite: any CryptoSuite
    /// The peg's terms and main-chain view, on a chain whose genesis enables the peg; nil
    /// elsewhere (the main chain itself included), where every mint is refused.
    public let peg: PegContext?

    public init(chainID: Hash256, height: UInt64, nativeAsset: AssetID, suite: any CryptoSuite, peg: PegContext? = nil) {
        self.chainID = chainID
        self.height = height
        self.nativeAsset = nativeAsset
        self.suite = suite
        self.peg = peg
    }
}
