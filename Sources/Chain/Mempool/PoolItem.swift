import Crypto
import Ledger
import Primitives

/// Something a user asks the next block to do: a transaction or a cancel request.
enum PoolItem: Hashable, Sendable {
    case transaction(Transaction)
    case cancel(CancelRequest)

    /// What identifies the item in the pool and the journal.
    func key(suite: any CryptoSuite) -> PoolKey {
        switch self {
        case let .transaction(transaction): .transaction(transaction.id(suite: suite))
        case let .cancel(cancel): .cancel(orderID: cancel.orderID)
        }
    }

    /// The outputs the item reads: a transaction's inputs, a cancel's order.
    var referencedOutputIDs: [Hash256] {
        switch self {
        case let .transaction(transaction): transaction.inputs.map(\.spentOutputID)
        case let .cancel(cancel): [cancel.orderID]
        }
    }

    /// The size the pool's byte limit counts: the canonical encoding.
    var byteCount: Int {
        switch self {
        case let .transaction(transaction): transaction.canonicalBytes.count
        case let .cancel(cancel): cancel.canonicalBytes.count
        }
    }
}

/// A pooled item's identity: a transaction by its ID, a cancel by the order it cancels (one
/// cancel per order).
enum PoolKey: Hashable, Sendable {
    case transaction(Hash256)
    case cancel(orderID: Hash256)

    /// The transaction ID or the order ID.
    var id: Hash256 {
        switch self {
        case let .transaction(id), let .cancel(id): id
        }
    }
}

/// An admitted item with what the pool keeps about it.
struct PoolEntry: Sendable {
    let key: PoolKey
    let item: PoolItem
    /// Arrival order, kept across restarts by the journal.
    let sequence: UInt64
    let byteCount: Int
    /// The crypto checks the item passed, so re-checking it after a block verifies nothing.
    let checks: [CryptoCheck: Bool]
    /// A transaction's output IDs, in output order; empty for a cancel.
    let outputIDs: [Hash256]
}

/// An output a pooled transaction creates, and which transaction that is.
struct PooledOutput: Sendable {
    let output: Output
    let creator: Hash256
}
