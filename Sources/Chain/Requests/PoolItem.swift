import Crypto
import Ledger
import Primitives

/// Something a user asks the next block to do: a transaction or a cancel request.
public enum PoolItem: Hashable, Sendable {
    /// A signed transaction (placing, replacing or cancelling orders, or a transfer), in the
    /// checked form the edge (gateway or intake) made of it once: the pool, the block, the
    /// reports and the ack take its ID, size and output IDs from there.
    case transaction(CheckedTransaction)
    /// A signed cancel of one resting or pooled order.
    case cancel(CancelRequest)
    /// A signed cancel of every order of a seller key in scope up to a height.
    case cancelAll(CancelAllRequest)
    /// A signed dead-man switch (arm or refresh).
    case deadManSwitch(DeadManSwitch)

    /// What identifies the item in the pool and the journal.
    public func key(suite: any CryptoSuite) -> PoolKey {
        switch self {
        case .transaction(let checked): .transaction(checked.id)
        case .cancel(let cancel): .cancel(orderID: cancel.orderID)
        case .cancelAll(let request): .cancelAll(suite.hash(.cancelAll, request.canonicalBytes))
        case .deadManSwitch(let deadMan): .deadMan(suite.hash(.deadManSwitch, deadMan.canonicalBytes))
        }
    }

    /// A transaction as a pool item, checked here once for `config`'s chain (its orders'
    /// terms read too).
    public static func transaction(_ transaction: Transaction, config: ChainConfig) -> PoolItem {
        .transaction(CheckedTransaction(transaction, config: config))
    }

    /// A transaction as a pool item, checked with `suite` alone (its orders' terms are read
    /// by the entry rules later): tools and tests.
    public static func transaction(_ transaction: Transaction, suite: any CryptoSuite) -> PoolItem {
        .transaction(CheckedTransaction(transaction, suite: suite))
    }

    /// The outputs the item reads: a transaction's inputs, a cancel's order.
    package var referencedOutputIDs: [Hash256] {
        switch self {
        case .transaction(let checked): checked.transaction.inputs.map(\.spentOutputID)
        case .cancel(let cancel): [cancel.orderID]
        case .cancelAll, .deadManSwitch: []
        }
    }
}

/// A pooled item's identity: a transaction by its ID, a cancel by the order it cancels (one
/// cancel per order).
public enum PoolKey: Hashable, Sendable {
    case transaction(Hash256)
    case cancel(orderID: Hash256)
    /// A cancel-all or a dead-man switch by the tagged hash of its encoding.
    case cancelAll(Hash256)
    case deadMan(Hash256)

    /// The transaction ID, the order ID, or the hash of a cancel-all's or switch's encoding.
    public var id: Hash256 {
        switch self {
        case .transaction(let id), .cancel(let id), .cancelAll(let id), .deadMan(let id): id
        }
    }
}
