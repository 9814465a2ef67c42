import Crypto
import Primitives

/// What a store says it holds, read without loading the chain: the chain ID it was made
/// for and its tip record. Cheap (two point reads), for checks before a full open.
public struct StoredTip: Sendable, Hashable {
    /// The chain the store was initialised for.
    public let chainID: Hash256
    /// The last committed block's height (0 at genesis).
    public let height: UInt64
    /// The last committed block's hash (the chain ID at genesis).
    public let hash: Hash256
    /// The UTXO-set commitment after it.
    public let commitment: MultisetHash
    /// The last committed header; nil at genesis.
    public let header: BlockHeader?
}
