import Crypto
import Ledger
import Primitives

/// The chain's unspent outputs, in memory. Lookups only: nothing iterates the dictionary to
/// produce a result that reaches consensus.
public struct UTXOSet: UTXOView, Sendable {
    private(set) var entries: [Hash256: UTXOEntry] = [:]

    public init() {}

    public var count: Int { entries.count }

    public func entry(_ id: Hash256) -> UTXOEntry? { entries[id] }

    public func unspentOutput(_ id: Hash256) -> Output? { entries[id]?.output }

    public func orderID(ofOutput id: Hash256) -> Hash256? { entries[id]?.order?.orderID }

    mutating func insert(_ entry: UTXOEntry, id: Hash256) { entries[id] = entry }

    @discardableResult
    mutating func remove(_ id: Hash256) -> UTXOEntry? { entries.removeValue(forKey: id) }

    /// Applies a block's changes in place (no copy of the set when it is uniquely held).
    /// Nothing of the commitment is kept per entry: re-hashing a spent entry costs about
    /// as much as looking up a cached value would save, and 2048 bytes (an LtHash value) per entry would not.
    public mutating func apply(_ changes: UTXOChanges) {
        for (id, _) in changes.spent { remove(id) }
        for (id, entry) in changes.created { insert(entry, id: id) }
    }

    /// Every entry in dictionary order: for hashing, which does not depend on the order.
    var unorderedEntries: [(id: Hash256, entry: UTXOEntry)] { entries.map { (id: $0.key, entry: $0.value) } }

    /// Every entry sorted by ID: for rebuilding books and recomputing commitments.
    public func sortedEntries() -> [(id: Hash256, entry: UTXOEntry)] {
        entries.sorted { $0.key < $1.key }.map { (id: $0.key, entry: $0.value) }
    }
}

/// A block's changes on top of the committed UTXO set: what it created and spent, in the
/// order it did so, so that writing and hashing them is deterministic.
public struct UTXODelta: UTXOView {
    public let base: UTXOSet
    private var created: [Hash256: UTXOEntry] = [:]
    private var spentIDs = Set<Hash256>()
    /// Every output the block created, in creation order (some may be spent again).
    private var createdOrder: [Hash256] = []
    /// Outputs of the base set spent by the block, in spending order.
    public private(set) var spentFromBase: [(id: Hash256, entry: UTXOEntry)] = []

    public init(base: UTXOSet) { self.base = base }

    public func entry(_ id: Hash256) -> UTXOEntry? {
        if let entry = created[id] { return entry }
        return spentIDs.contains(id) ? nil : base.entry(id)
    }

    public func unspentOutput(_ id: Hash256) -> Output? { entry(id)?.output }

    public func orderID(ofOutput id: Hash256) -> Hash256? { entry(id)?.order?.orderID }

    /// Makes room for a block's outputs at once rather than growing the tables step by step.
    mutating func reserveCapacity(created createdCount: Int, spent spentCount: Int) {
        created.reserveCapacity(createdCount)
        createdOrder.reserveCapacity(createdCount)
        spentIDs.reserveCapacity(spentCount)
        spentFromBase.reserveCapacity(spentCount)
    }

    mutating func create(_ entry: UTXOEntry, id: Hash256) {
        created[id] = entry
        createdOrder.append(id)
    }

    /// Spends an unspent output; the caller has validated that it exists.
    mutating func spend(_ id: Hash256) {
        // A created output spent in the same block leaves a stale ID in `createdOrder`,
        // skipped when the survivors are listed: no O(n) removal per spend.
        if created.removeValue(forKey: id) != nil { return }
        guard let entry = base.entry(id), spentIDs.insert(id).inserted else {
            preconditionFailure("spend of an output the ledger did not validate")
        }
        spentFromBase.append((id, entry))
    }

    /// What the block changed: entries it created that survive it, in creation order, and
    /// entries of the base set it spent, in spending order.
    public var changes: UTXOChanges {
        UTXOChanges(
            created: createdOrder.compactMap { id in created[id].map { (id: id, entry: $0) } },
            spent: spentFromBase)
    }
}

/// A block's net effect on the UTXO set, in a deterministic order.
public struct UTXOChanges: Sendable {
    public let created: [(id: Hash256, entry: UTXOEntry)]
    public let spent: [(id: Hash256, entry: UTXOEntry)]
}
