import Crypto
import Synchronization

/// The chain state's resting orders per seller key, built on first use and kept for one
/// admission context (a batch, or a block's re-check of the pool) or one block's phase B, so
/// the cancel-alls and dead-man switches cost one walk of the books between them, not one each.
package final class SellerOrders: Sendable {
    private let index = Mutex<[PublicKey: [LiveOrder]]?>(nil)

    package init() {}

    /// The resting orders of `key` in `exchange` (the context's state's, always the same one).
    package func orders(of key: PublicKey, in exchange: Exchange) -> [LiveOrder] {
        index.withLock { index in
            let built = index ?? exchange.ordersBySeller()
            index = built
            return built[key] ?? []
        }
    }
}
