import Chain
import Crypto
import Ledger
import Logging
import Primitives
import Storage

/// The chain and the pool of one validator, driven from one thread: requests go in, blocks
/// come out. A block is written to the store (one synced batch) before the in-memory state
/// and the pool move on, so a crash at any point reopens at the last durable block.
public struct BlockProducer<Store: KeyValueStore>: Sendable {
    public let chainStore: ChainStore<Store>
    public private(set) var state: ChainState
    public let pool: any TransactionPool
    let validatorKey: any SigningKey
    let limits: BlockLimits
    let logger: Logger
    /// Told of each committed block, in order (feeds, execution reports).
    public var observers: [any BlockObserver] = []
    /// The node folder's chain record, rewritten after each block is durable; nil in tests
    /// and tools that run a chain without a node folder.
    public let chainRecord: ChainRecordFile?

    /// Opens the chain in `store` (genesis on first open), makes the pool journaled in the
    /// same store and re-admits what it journaled before a restart. With `chainRecord`, the
    /// record is rewritten to the opened tip (new, crash-window or pre-record folders).
    public init(
        store: Store, config: ChainConfig, validatorKey: any SigningKey, limits: BlockLimits,
        makePool: TransactionPoolFactory, chainRecord: ChainRecordFile? = nil, logger: Logger
    ) throws(NodeError) {
        try NodeError.requireValidator(validatorKey.publicKey, of: config)
        chainStore = ChainStore(store: store, suite: config.suite)
        do {
            state = try chainStore.open(config: config)
            pool = try makePool(config, store)
        } catch {
            throw .from(error)
        }
        try chainRecord?.write(ChainRecord(state))
        self.chainRecord = chainRecord
        self.validatorKey = validatorKey
        self.limits = limits
        self.logger = logger
        let reloaded = pool.reload(state: state)
        logger.info("opened chain=\(config.genesis.chainName) height=\(state.height) tip=\(state.tipHash) pooled=\(reloaded)")
    }

    /// Admits transactions and cancels to the pool in order, as one batch journaled before
    /// this returns; one result per item.
    public func submit(_ items: [PoolItem]) -> [Result<Hash256, ChainError>] {
        pool.submit(items, state: state)
    }

    /// Admits transactions to the pool (journaled before this returns), in order.
    public func submit(_ transactions: [Transaction]) -> [Result<Hash256, ChainError>] {
        submit(transactions.map(PoolItem.transaction))
    }

    public var status: NodeStatus { NodeStatus(state: state, pool: pool) }

    /// Builds, stores and applies the next block from the pool's candidates, then logs one
    /// line. Throws (changing nothing) when the block cannot be built or stored; when only
    /// the chain record cannot be rewritten, the block is stored but not applied, and the
    /// node stops (reopening takes the block: it is in the crash window).
    public mutating func produceBlock(timestampMs: UInt64) throws(NodeError) -> BlockReport {
        let started = ContinuousClock.now
        let (transactions, cancels) = pool.candidates(maxTransactions: limits.maxTransactions, maxCancels: limits.maxCancels)
        let block: Block
        let outcome: BlockOutcome
        do {
            // Every candidate passed the pool's signature checks on admission. A lone
            // validator certifies its own tip (it is the whole set).
            (block, outcome) = try state.proposeBlock(
                transactions: transactions, cancels: cancels, timestampMs: timestampMs, proposer: validatorKey,
                lastCommit: try state.commitCertificate(signedBy: [validatorKey]), signaturesVerified: true)
            try chainStore.commit(block, outcome: outcome)
        } catch {
            throw .from(error)
        }
        // Only after the block's batch is synced, so the record is never ahead of the store;
        // if this fails the node stops and the next open takes the block (crash window).
        let tipHash = block.header.hash(suite: state.config.suite)
        try chainRecord?.write(ChainRecord(chainID: state.config.chainID, height: block.header.height, tipHash: tipHash))
        state.commit(outcome, header: block.header)
        let dropped = pool.blockCommitted(outcome, state: state)
        for observer in observers { observer.blockCommitted(block, outcome: outcome, state: state, dropped: dropped) }
        for item in dropped { logger.debug("dropped from the pool: \(item.reason)") }
        for item in outcome.rejected { logger.debug("left out \(item.kind) \(item.index): \(item.error)") }
        let report = BlockReport(
            height: outcome.height, transactions: block.transactions.count, cancels: block.cancels.count,
            fills: outcome.trades.count, settlements: block.settlements.count, rejected: outcome.rejected.count,
            elapsedMs: Self.milliseconds(since: started))
        logger.info("\(report.logLine)")
        return report
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
