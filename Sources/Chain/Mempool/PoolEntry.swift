import Ledger
import Primitives

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
