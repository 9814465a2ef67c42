import Crypto
import Ledger
import MainChain
import Primitives

/// The main chain's best tip as its node reports it.
public struct MainChainTip: Hashable, Sendable {
    public let height: UInt64
    public let hash: Hash256
    /// Total work of the chain ending at the tip.
    public let chainWork: UInt256

    public init(height: UInt64, hash: Hash256, chainWork: UInt256) {
        self.height = height
        self.hash = hash
        self.chainWork = chainWork
    }
}

/// What the peg needs from a main chain: its tip, its headers, its blocks, its unspent
/// outputs, and a way in for transactions. Everything in the Peg module outside an adapter
/// depends on this protocol only, so another chain's adapter (a Bytom-style RPC) can sit
/// beside the devnet's (`DevnetMainChainClient`).
///
/// Calls block the calling thread (the node's I/O is threads and blocking ZeroMQ with poll
/// timeouts, no async runtime) and are bounded in time by the adapter's timeout and retry
/// policy. Failures are `MainChainClientError`; `notFound` is an answer, not a failure of the
/// transport.
public protocol MainChainClient: Sendable {
    /// The best chain's tip.
    func best() throws(MainChainClientError) -> MainChainTip
    /// Up to `countMax` headers of the best chain from `fromHeight` up (fewer near the tip;
    /// empty past it).
    func headers(fromHeight: UInt64, countMax: Int) throws(MainChainClientError) -> [MainChainHeader]
    /// The best chain's block at `height`.
    func block(atHeight height: UInt64) throws(MainChainClientError) -> MainChainBlock
    /// The block with header hash `hash`, on the best chain or not.
    func block(hash: Hash256) throws(MainChainClientError) -> MainChainBlock
    /// The unspent output `id`; `notFound` when it is spent or unknown.
    func output(id: Hash256) throws(MainChainClientError) -> MainChainOutputRecord
    /// Hands `transaction` to the main chain's mempool; its ID when accepted.
    func submit(transaction: Transaction) throws(MainChainClientError) -> Hash256
}
