import Chain
import Crypto
import Ledger
import Primitives

/// What an admission is checked against: the chain state the caller passed, as the block
/// after it would see it, and the pool's limits.
struct AdmissionContext: Sendable {
    let config: ChainConfig
    let limits: MempoolLimits
    let state: ChainState
    let rules: EntryRules
    /// The pool's memo of checks known to pass.
    let memo: SignatureMemo
    /// What verifies a check the memo does not answer: the chain's suite.
    let suite: any CryptoSuite
    /// Resting orders per seller key, for cancel-alls (built on first use).
    let sellerOrders = SellerOrders()

    init(config: ChainConfig, limits: MempoolLimits, state: ChainState, memo: SignatureMemo, suite: any CryptoSuite) {
        self.config = config
        self.limits = limits
        self.state = state
        self.memo = memo
        self.suite = suite
        rules = EntryRules(state: state, exchange: state.exchange, height: state.height + 1)
    }

    /// The height of the block pooled items would enter.
    var height: UInt64 { rules.height }

    /// The chain's suite answering from the memo (and `refuted`, this batch's failures) and
    /// recording into `recorder`.
    func suite(refuted: Set<CryptoCheck>, recorder: CryptoCheckRecorder) -> MemoizedSuite {
        MemoizedSuite(base: suite, memo: memo, refuted: refuted, recorder: recorder)
    }

    /// The ledger's validator for the next block, with a memoizing suite; mints are judged
    /// against the committed state's main-chain headers (a block's own headers come first in
    /// it, so a mint the pool refuses as not yet deep may pass later: it is resubmitted).
    func validator(refuted: Set<CryptoCheck>, recorder: CryptoCheckRecorder) -> TransactionValidator {
        let suite = suite(refuted: refuted, recorder: recorder)
        return TransactionValidator(
            context: ValidationContext(
                chainID: config.chainID, height: height, nativeAsset: config.nativeAsset, suite: suite, peg: state.peg?.context))
    }

    /// The contract of the order `orderID` as the next block would find it for a cancel:
    /// created by a pooled transaction (in `view`) or resting and not expiring first.
    func cancellableOrder(_ orderID: Hash256, view: PoolView) -> (contract: MagneticOrder, outputID: Hash256)? {
        if let pooled = view.created[orderID] {
            return pooled.output.program.magneticOrder.map { ($0, orderID) }
        }
        guard let live = state.exchange.liveOrder(orderID), !live.contract.isExpired(atHeight: height) else { return nil }
        return (live.contract, live.outputID)
    }
}
