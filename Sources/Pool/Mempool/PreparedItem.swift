import Chain
import Crypto
import Ledger
import Primitives

/// An item with what the pool derives from it by hashing and encoding, done once (in
/// parallel for a batch) and kept while the item is pooled; a transaction brings its own
/// (`CheckedTransaction`).
struct PreparedItem: Sendable {
    let item: PoolItem
    /// What identifies the item in the pool and the journal.
    let key: PoolKey
    /// The size the pool's byte limit counts: the canonical encoding.
    let byteCount: Int

    init(_ item: PoolItem, suite: any CryptoSuite) {
        self.item = item
        let key = item.key(suite: suite)
        self.key = key
        switch item {
        case .transaction(let checked): byteCount = checked.byteCount  // computed once at the edge
        case .cancel(let cancel): byteCount = cancel.canonicalBytes.count
        case .cancelAll(let request): byteCount = request.canonicalBytes.count
        case .deadManSwitch(let deadMan): byteCount = deadMan.canonicalBytes.count
        }
    }

    /// A transaction's output IDs, in output order (carried by its checked form); empty for
    /// anything else.
    var outputIDs: [Hash256] {
        if case .transaction(let checked) = item { checked.outputIDs } else { [] }
    }

    /// Prepares every item, in parallel for a large batch.
    static func all(_ items: [PoolItem], suite: any CryptoSuite) -> [PreparedItem] {
        items.concurrentMap(chunkSize: 64) { PreparedItem($0, suite: suite) }
    }
}
