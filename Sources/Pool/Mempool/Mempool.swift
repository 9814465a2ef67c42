import Chain
import Crypto
import Ledger
import Primitives
import Storage
import Synchronization

/// Where signed transactions and cancel requests wait for the next block.
///
/// Every item is checked on entry against the chain state the caller passes plus
/// everything already pooled, by the same entry rules and ledger validation the block
/// executor runs, so a chain of dependent transactions (place an order, then cancel or
/// replace it) waits together and the next block includes all of it. Bounded by count and
/// bytes; arrival order decides what the next block tries. With a journal, every admitted
/// item is on disk before `submit` returns.
///
/// Safe to call from any thread: one lock guards the contents; signatures are verified
/// outside it, in parallel. Submits must pass a state at least as new as the last one
/// given to `blockCommitted` or `reload` (else `stale_state`).
///
/// (`@unchecked` is part of the promised API; everything mutable is behind `guarded`.)
public final class Mempool: @unchecked Sendable {
    /// The chain whose transactions wait here.
    public let config: ChainConfig
    /// The most the pool holds.
    public let limits: MempoolLimits
    let journal: MempoolJournal?
    let guarded: Mutex<Guarded>
    /// The one memo of crypto checks known to pass, serving preverify, admission and the
    /// re-check after a block.
    let signatureMemo = SignatureMemo()
    /// Told of calls before they run (tests hold or record them; metrics may count them).
    let observer: MempoolObserver
    /// What verifies the checks the memo does not answer: the chain's suite (a test may wrap
    /// it to count the curve arithmetic).
    let suite: any CryptoSuite

    /// What the lock guards.
    struct Guarded: Sendable {
        var contents: PoolContents
        /// Journaled items read at start-up, until `reload` re-admits them.
        var recovered: [JournalRecord]
        /// The height of the newest state the contents were re-checked against; a submit
        /// against an older state could admit what that state's successor already spent.
        var height: UInt64 = 0
    }

    /// Most transaction bytes offered to one block (`Block.transactionBytesMax`): the rest of
    /// the block's encoding limit is the settlements' and the cancels', header's and proofs'.
    public static let candidateBytesMax = Block.transactionBytesMax

    /// A pool under `limits`; with `journal`, reads the items a previous run journaled (call
    /// `reload(state:)` to re-admit them before submitting anything new). `observer` is told
    /// of each `preverify` and `submit` before it runs.
    public convenience init(
        config: ChainConfig, limits: MempoolLimits = MempoolLimits(), journal: (any KeyValueStore)? = nil,
        observer: MempoolObserver = MempoolObserver()
    ) throws(ChainError) {
        try self.init(config: config, limits: limits, journal: journal, observer: observer, suite: config.suite)
    }

    /// A pool verifying through `suite` (the chain's, or a test's wrapper of it).
    init(
        config: ChainConfig, limits: MempoolLimits, journal: (any KeyValueStore)?, observer: MempoolObserver,
        suite: any CryptoSuite
    ) throws(ChainError) {
        self.config = config
        self.limits = try limits.validated()
        self.observer = observer
        self.suite = suite
        self.journal = journal.map { MempoolJournal(store: $0, config: config) }
        let recovered = try self.journal?.load() ?? []
        let nextSequence = recovered.last.map { $0.sequence + 1 } ?? 0
        guarded = Mutex(Guarded(contents: PoolContents(nextSequence: nextSequence), recovered: recovered))
    }

    /// Checks and admits one transaction against `state` plus everything already pooled;
    /// returns its ID.
    public func submit(_ transaction: Transaction, state: ChainState) throws(ChainError) -> Hash256 {
        try admit([.transaction(transaction, config: config)], state: state)[0].get()
    }

    /// Checks and admits many transactions, in order, as `submit` one at a time would; the
    /// stateless and signature checks run in parallel on all cores first.
    public func submit(_ transactions: [Transaction], state: ChainState) -> [Result<Hash256, ChainError>] {
        admit(transactions.map { PoolItem.transaction($0, config: config) }, state: state)
    }

    /// Checks and admits transactions and cancel requests in one batch, in order, as
    /// submitting them one at a time would: the crypto checks run in parallel on all cores
    /// and one synced journal write covers every admitted item (a group commit). One result
    /// per item: the transaction's ID, or the cancelled order's ID.
    public func submit(_ items: [PoolItem], state: ChainState) -> [Result<Hash256, ChainError>] {
        admit(items, state: state)
    }

    /// Checks and admits a cancel request: its order must be resting or created by a
    /// pooled transaction, not spent by one, and the request signed by the seller key.
    public func submit(_ cancel: CancelRequest, state: ChainState) throws(ChainError) {
        _ = try admit([.cancel(cancel)], state: state)[0].get()
    }

    /// What the next block should try, in arrival order (dependencies before dependants),
    /// at most the given counts (and `Block` limits) and `candidateBytesMax` of transactions:
    /// the transactions in their checked form, their signatures marked as passed.
    public func candidates(
        maxTransactions: Int, maxCancels: Int
    ) -> (transactions: [CheckedTransaction], cancels: [CancelRequest]) {
        let transactionLimit = min(max(maxTransactions, 0), Block.maxTransactions)
        let cancelLimit = min(max(maxCancels, 0), Block.maxCancels)
        return guarded.withLock {
            $0.contents.candidates(maxTransactions: transactionLimit, maxCancels: cancelLimit, maxBytes: Self.candidateBytesMax)
        }
    }

    /// Pooled transactions.
    public var transactionCount: Int { guarded.withLock { $0.contents.transactionCount } }

    /// Pooled cancel requests.
    public var cancelCount: Int { guarded.withLock { $0.contents.cancelCount } }

    /// Bytes pooled: the canonical encodings of every pooled transaction and cancel.
    public var byteCount: Int { guarded.withLock { $0.contents.byteCount } }

    /// Whether the transaction `transactionID` is pooled.
    public func contains(_ transactionID: Hash256) -> Bool {
        guarded.withLock { $0.contents.entries[.transaction(transactionID)] != nil }
    }
}
