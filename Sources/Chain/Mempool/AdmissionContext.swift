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
    /// Signature checks already known to pass.
    let cache: SignatureCache?
    /// Resting orders per seller key, for cancel-alls (built on first use).
    let sellerOrders = SellerOrders()

    init(config: ChainConfig, limits: MempoolLimits, state: ChainState, cache: SignatureCache? = nil) {
        self.config = config
        self.limits = limits
        self.state = state
        self.cache = cache
        rules = EntryRules(state: state, exchange: state.exchange, height: state.height + 1)
    }

    /// The height of the block pooled items would enter.
    var height: UInt64 { rules.height }

    /// The chain's suite answering from `known` and recording into `recorder`.
    func suite(known: [CryptoCheck: Bool], recorder: CryptoCheckRecorder) -> MemoizedSuite {
        MemoizedSuite(base: config.suite, known: known, recorder: recorder, cache: cache)
    }

    /// The ledger's validator for the next block, with a memoizing suite.
    func validator(known: [CryptoCheck: Bool], recorder: CryptoCheckRecorder) -> TransactionValidator {
        let suite = suite(known: known, recorder: recorder)
        return TransactionValidator(
            context: ValidationContext(
                chainID: config.chainID, height: height, nativeAsset: config.nativeAsset, suite: suite))
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
