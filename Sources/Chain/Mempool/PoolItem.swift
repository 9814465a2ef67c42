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
}

/// An item with what the pool derives from it by hashing and encoding, done once (in
/// parallel for a batch) and kept while the item is pooled.
struct PreparedItem: Sendable {
    let item: PoolItem
    /// What identifies the item in the pool and the journal.
    let key: PoolKey
    /// The size the pool's byte limit counts: the canonical encoding.
    let byteCount: Int
    /// A transaction's output IDs, in output order; empty for a cancel.
    let outputIDs: [Hash256]

    init(_ item: PoolItem, suite: any CryptoSuite) {
        self.item = item
        let key = item.key(suite: suite)
        self.key = key
        switch item {
        case let .transaction(transaction):
            byteCount = transaction.canonicalBytes.count
            outputIDs = transaction.outputs.indices.map { Transaction.outputID(transactionID: key.id, index: $0, suite: suite) }
        case let .cancel(cancel):
            byteCount = cancel.canonicalBytes.count
            outputIDs = []
        }
    }

    /// Prepares every item, in parallel for a large batch.
    static func all(_ items: [PoolItem], suite: any CryptoSuite) -> [PreparedItem] {
        items.concurrentMap(chunkSize: 64) { PreparedItem($0, suite: suite) }
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
    let prepared: PreparedItem
    /// Arrival order, kept across restarts by the journal.
    let sequence: UInt64
    /// The crypto checks the item passed, so re-checking it after a block verifies nothing.
    let checks: [CryptoCheck: Bool]

    var key: PoolKey { prepared.key }
    var item: PoolItem { prepared.item }
    var byteCount: Int { prepared.byteCount }
}

/// An output a pooled transaction creates, and which transaction that is.
struct PooledOutput: Sendable {
    let output: Output
    let creator: Hash256
}
