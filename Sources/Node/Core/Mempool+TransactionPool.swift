import Chain

// The chain's mempool is the node's pool: same signatures, journaled in the data folder.
extension Mempool: TransactionPool {}

extension NodeSettings {
    /// The node's pool: a `Mempool` with node.json's limits, journaled in the node's store.
    public var mempoolFactory: TransactionPoolFactory {
        let limits = MempoolLimits(
            maxTransactions: configuration.mempoolMaxTransactions, maxBytes: configuration.mempoolMaxBytes,
            maxCancels: configuration.mempoolMaxCancels)
        return { config, journal throws(ChainError) in try Mempool(config: config, limits: limits, journal: journal) }
    }
}
