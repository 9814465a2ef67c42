import Chain
import Crypto
import Ledger
import Primitives

/// Per key and asset, the amounts of pooled transactions' outputs the key can spend that no
/// pooled transaction spends: kept as items enter and leave (`PoolContents.insert` and
/// `remove`), so a balances query reads it in O(assets of the key) under the lock.
///
/// Bounded by the pool: at most one entry per spender key of a pooled output. Each figure is
/// part of one asset's supply (pooled outputs unspent in the pool are paid from distinct
/// committed coins), so it fits in an amount; an entry that reaches zero is removed.
struct KeyTally: Sendable {
    private(set) var amounts: [PublicKey: [AssetID: UInt64]] = [:]

    /// A pooled output became spendable by its keys.
    mutating func add(_ output: Output) {
        for key in CoinIndex.spenders(of: output.program) {
            let (sum, overflow) = amounts[key, default: [:]][output.asset, default: 0].addingReportingOverflow(output.amount.units)
            assert(!overflow, "a pooled figure is part of one asset's supply")
            amounts[key, default: [:]][output.asset] = overflow ? .max : sum
        }
    }

    /// A pooled output left the pool or was spent by another pooled transaction.
    mutating func remove(_ output: Output) {
        for key in CoinIndex.spenders(of: output.program) {
            guard var assets = amounts[key], let held = assets[output.asset] else {
                assertionFailure("a tallied output was added first")
                continue
            }
            assert(held >= output.amount.units, "a tallied output was added first")
            let left = held >= output.amount.units ? held - output.amount.units : 0
            assets[output.asset] = left == 0 ? nil : left
            amounts[key] = assets.isEmpty ? nil : assets
        }
    }

    /// What pooled outputs pay to `key`, per asset.
    func payingIn(_ key: PublicKey) -> [AssetID: Amount] {
        (amounts[key] ?? [:]).mapValues(Amount.init)
    }
}

extension PoolContents {
    /// The tally changes of inserting a transaction: outputs of the pool it spends stop
    /// counting, its own outputs start. Called by `insert` before its indexes change.
    mutating func tallyInserted(_ transaction: Transaction) {
        for input in transaction.inputs {
            if let pooled = created[input.spentOutputID] { keyTally.remove(pooled.output) }
        }
        for output in transaction.outputs { keyTally.add(output) }
    }

    /// The tally changes of removing a transaction, the reverse of `tallyInserted`: its
    /// outputs that no pooled transaction spends stop counting (those spent already did), and
    /// the pooled outputs it spent count again. Called by `remove` before its indexes change.
    mutating func tallyRemoved(_ transaction: Transaction, outputIDs: [Hash256]) {
        for (id, output) in zip(outputIDs, transaction.outputs) where spentBy[id] == nil { keyTally.remove(output) }
        for input in transaction.inputs {
            if let pooled = created[input.spentOutputID] { keyTally.add(pooled.output) }
        }
    }
}

extension Mempool: PendingHoldings {
    /// The height the pool was re-checked at, what it pays to `key` per asset, and which of
    /// `committed` it spends; one lock, O(assets of the key + committed).
    public func pending(of key: PublicKey, committed: [Hash256]) -> (height: UInt64, payingIn: [AssetID: Amount], spent: Set<Hash256>) {
        guarded.withLock { guarded in
            let contents = guarded.contents
            return (guarded.height, contents.keyTally.payingIn(key), Set(committed.filter { contents.spentBy[$0] != nil }))
        }
    }
}
