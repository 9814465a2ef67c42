import Chain
import Ledger
import Primitives

/// An admitted item with what the pool keeps about it.
struct PoolEntry: Sendable {
    let prepared: PreparedItem
    /// Arrival order, kept across restarts by the journal.
    let sequence: UInt64
    /// The crypto checks the item passed: the mempool pins them in its `SignatureMemo` while
    /// the entry is pooled, so re-checking it after a block verifies nothing.
    let checks: [CryptoCheck]

    var key: PoolKey { prepared.key }
    var item: PoolItem { prepared.item }
    var byteCount: Int { prepared.byteCount }
}

/// An output a pooled transaction creates, and which transaction that is.
struct PooledOutput: Sendable {
    let output: Output
    let creator: Hash256
}
