import Crypto
import Ledger
import Primitives

/// Transactions waiting for a block, in arrival order. Each was valid against the tip's
/// UTXO state when it entered and spends no output another pooled one spends, so any subset
/// of the pool in arrival order is a valid block body. A transaction spending a pooled
/// transaction's output is refused until that one is mined (no unconfirmed chains).
public struct Mempool: Sendable {
    /// Named bounds: the pool refuses what would pass either.
    public static let transactionsMaxDefault = 5_000
    public static let bytesMaxDefault = 8 << 20

    public struct Entry: Hashable, Sendable {
        public let transaction: Transaction
        public let id: Hash256
        public let bytes: Int
    }

    public let transactionsMax: Int
    public let bytesMax: Int
    private var entries: [Hash256: Entry] = [:]
    private var order: [Hash256] = []
    /// Spent output → the pooled transaction spending it.
    private var spenders: [Hash256: Hash256] = [:]
    /// Peg-out burn → the pooled transaction paying it (a burn is paid once).
    private var burnPayers: [Hash256: Hash256] = [:]
    public private(set) var totalBytes = 0

    public init(transactionsMax: Int = Mempool.transactionsMaxDefault, bytesMax: Int = Mempool.bytesMaxDefault) {
        self.transactionsMax = transactionsMax
        self.bytesMax = bytesMax
    }

    public var count: Int { entries.count }
    public func contains(_ id: Hash256) -> Bool { entries[id] != nil }

    /// The pooled transactions in arrival order.
    public var transactions: [Entry] { order.compactMap { entries[$0] } }

    /// Admits `transaction` after checking it against `state` at the next height.
    public mutating func add(
        _ transaction: Transaction, state: UnspentSet, context: ValidationContext
    ) throws(MainChainError) -> Hash256 {
        let id = transaction.id(suite: context.suite)
        guard entries[id] == nil else { throw .mempoolDuplicate(id) }
        for input in transaction.inputs where spenders[input.spentOutputID] != nil {
            throw .mempoolConflict(outputID: input.spentOutputID)
        }
        if let burn = transaction.pegOutBurnID, burnPayers[burn] != nil { throw .burnAlreadyPaid(burn) }
        let bytes = transaction.canonicalBytes.count
        guard bytes + MainChainHeader.encodedBytes + 8 <= MainChainBlock.bytesMax else {
            throw .transactionRefused(
                index: nil, .transactionTooLarge(bytes: bytes, limit: MainChainBlock.bytesMax - MainChainHeader.encodedBytes - 8))
        }
        guard entries.count < transactionsMax else { throw .mempoolFull(limit: transactionsMax) }
        guard totalBytes + bytes <= bytesMax else { throw .mempoolFull(limit: bytesMax) }
        try state.validate(transaction, context: context, index: nil)
        entries[id] = Entry(transaction: transaction, id: id, bytes: bytes)
        order.append(id)
        for input in transaction.inputs { spenders[input.spentOutputID] = id }
        if let burn = transaction.pegOutBurnID { burnPayers[burn] = id }
        totalBytes += bytes
        return id
    }

    /// Drops every pooled transaction that spends an output no longer unspent in `state`
    /// (mined, or spent by a mined transaction) or pays a burn `state` has paid; the rest stay
    /// valid (an output ID commits to the output, so nothing else a validation read can have
    /// changed).
    public mutating func prune(against state: UnspentSet) {
        let stale = order.filter { id in
            guard let entry = entries[id] else { return true }
            if let burn = entry.transaction.pegOutBurnID, state.paidBurns.contains(burn) { return true }
            return entry.transaction.inputs.contains { state.unspentOutput($0.spentOutputID) == nil }
        }
        for id in stale { remove(id) }
    }

    public mutating func remove(_ id: Hash256) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        order.removeAll { $0 == id }
        for input in entry.transaction.inputs where spenders[input.spentOutputID] == id { spenders[input.spentOutputID] = nil }
        if let burn = entry.transaction.pegOutBurnID, burnPayers[burn] == id { burnPayers[burn] = nil }
        totalBytes -= entry.bytes
        assert(totalBytes >= 0 && order.count == entries.count, "pool accounting")
    }

    /// The transactions a new block takes: arrival order, at most `countMax` of them and
    /// `bytesMax` bytes together.
    public func selection(countMax: Int, bytesMax: Int) -> [Transaction] {
        var chosen: [Transaction] = []
        var bytes = 0
        for id in order {
            guard chosen.count < countMax, let entry = entries[id] else { break }
            guard bytes + entry.bytes <= bytesMax else { continue }
            chosen.append(entry.transaction)
            bytes += entry.bytes
        }
        return chosen
    }
}
