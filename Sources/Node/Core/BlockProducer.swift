import Chain
import Crypto
import Ledger
import Logging
import Pool
import Primitives
import Storage

/// The chain and the pool of one node, driven from one thread: requests go in, blocks come
/// out. It is the chain consensus drives (`ConsensusApplication`, BlockProducer+Consensus):
/// it builds and re-executes proposed blocks and commits finalized ones. A block is written
/// to the store with its certificate (one synced batch) before the in-memory state and the
/// pool move on, so a crash at any point reopens at the last durable block.
///
/// Tools and tests that run a chain without a network use `produceBlock`: the same build and
/// commit, finalized by this validator's own precommit (a set of one).
public struct BlockProducer<Store: KeyValueStore>: Sendable {
    public let chainStore: ChainStore<Store>
    public internal(set) var state: ChainState
    public let pool: Mempool
    /// The key `produceBlock` signs with; nil on a follower and on a validator whose key the
    /// consensus engine holds (it passes the proposer to `proposeBlock`).
    let validatorKey: (any SigningKey)?
    let limits: BlockLimits
    let logger: Logger
    /// Told of each committed block, in order (feeds, execution reports).
    public var observers: [any BlockObserver] = []
    /// The wall clock each block's report measures its lag against (the node's clock).
    public var clock: any NodeClock = SystemClock()
    /// The node folder's chain record, rewritten after each block is durable; nil in tests
    /// and tools that run a chain without a node folder.
    public let chainRecord: ChainRecordFile?
    /// Blocks of the next height this node built or re-executed, newest last, so the block
    /// consensus finalizes is not executed again (`executedMax`).
    var executed: [ExecutedBlock] = []
    /// Why committing stopped short of applying a durable block (the chain record could not
    /// be rewritten); the node must stop: reopening takes the block (crash window).
    public internal(set) var failure: NodeError?
    /// Main-chain headers on their way into blocks; nil when the genesis has no peg.
    public let headerFeed: MainChainHeaderFeed?

    /// Opens the chain in `store` (genesis on first open), makes the pool journaled in the
    /// same store and re-admits what it journaled before a restart. With `chainRecord`, the
    /// record is rewritten to the opened tip (new, crash-window or pre-record folders).
    /// A `validatorKey` must be a genesis validator's.
    public init(
        store: Store, config: ChainConfig, validatorKey: (any SigningKey)?, limits: BlockLimits,
        makePool: MempoolFactory, chainRecord: ChainRecordFile? = nil, logger: Logger
    ) throws(NodeError) {
        if let validatorKey { try NodeError.requireValidator(validatorKey.publicKey, of: config) }
        chainStore = ChainStore(store: store, suite: config.suite)
        do {
            state = try chainStore.open(config: config)
            pool = try makePool(config, store)
        } catch {
            throw .from(error)
        }
        try chainRecord?.write(ChainRecord(state))
        self.chainRecord = chainRecord
        headerFeed = state.peg.map { MainChainHeaderFeed(tree: $0.headers) }
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
        let config = state.config
        return submit(transactions.map { PoolItem.transaction($0, config: config) })
    }

    public var status: NodeStatus {
        var status = NodeStatus(state: state, pool: pool)
        if let headerFeed {
            status.peg?.candidatesPending = headerFeed.pending
            status.peg?.candidatesRefused = headerFeed.candidatesRefusedCount + headerFeed.handoffRefusedCount
        }
        return status
    }

    /// Builds the next block from the pool's candidates, finalizes it with this validator's
    /// own precommit (a validator set of one: tools and tests) and commits it, then logs one
    /// line. Throws (changing nothing) when the block cannot be built, certified or stored;
    /// when only the chain record cannot be rewritten, the block is stored but not applied,
    /// and the node stops (reopening takes the block: it is in the crash window).
    public mutating func produceBlock(timestampMs: UInt64) throws(NodeError) -> BlockReport {
        guard let validatorKey else { throw .notAValidator(publicKey: "none (a follower)") }
        let block: Block
        do {
            // The tip's certificate as stored; a folder from before certificates gets the one
            // this validator, the whole set, would have signed.
            var lastCommit = try chainStore.certificate(at: state.height)
            if lastCommit == nil { lastCommit = try state.commitCertificate(signedBy: [validatorKey]) }
            block = try build(timestampMs: timestampMs, proposer: validatorKey, lastCommit: lastCommit, evidence: [])
        } catch {
            throw .from(error)
        }
        return try finish(block, certificate: try soleCertificate(for: block, key: validatorKey))
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
