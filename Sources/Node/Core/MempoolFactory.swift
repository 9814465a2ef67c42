import Chain
import Pool
import Storage

/// Makes the node's mempool for a chain, journaled in the node's own store (tests pass a pool
/// with an observer, or one that ignores the store).
public typealias MempoolFactory =
    @Sendable (_ config: ChainConfig, _ journal: any KeyValueStore) throws(ChainError) -> Mempool

extension NodeSettings {
    /// The node's pool: a `Mempool` with node.json's limits, journaled in the node's store.
    public var mempoolFactory: MempoolFactory {
        let limits = MempoolLimits(
            maxTransactions: configuration.mempoolMaxTransactions, maxBytes: configuration.mempoolMaxBytes,
            maxCancels: configuration.mempoolMaxCancels)
        return { config, journal throws(ChainError) in try Mempool(config: config, limits: limits, journal: journal) }
    }
}
