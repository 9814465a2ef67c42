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
    /// A transaction's output IDs, in output order; empty for a cancel.
    let outputIDs: [Hash256]

    init(_ item: PoolItem, suite: any CryptoSuite) {
        self.item = item
        let key = item.key(suite: suite)
        self.key = key
        switch item {
        case .transaction(let checked):
            // Computed once at the edge, carried here.
            byteCount = checked.byteCount
            outputIDs = checked.outputIDs
        case .cancel(let cancel):
            byteCount = cancel.canonicalBytes.count
            outputIDs = []
        case .cancelAll(let request):
            byteCount = request.canonicalBytes.count
            outputIDs = []
        case .deadManSwitch(let deadMan):
            byteCount = deadMan.canonicalBytes.count
            outputIDs = []
        }
    }

    /// Prepares every item, in parallel for a large batch.
    static func all(_ items: [PoolItem], suite: any CryptoSuite) -> [PreparedItem] {
        items.concurrentMap(chunkSize: 64) { PreparedItem($0, suite: suite) }
    }
}
