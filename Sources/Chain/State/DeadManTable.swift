import Crypto
import Primitives

/// The armed dead-man switches: per seller key and scope, the height whose block cancels
/// the key's resting orders in that scope. Chain state: folded into the header's state
/// commitment (`stateCommitment(multiset:suite:)`), stored by `ChainStore` with each block
/// and reloaded at start. Bounded by `entriesMax`; every walk is in sorted scope order.
public struct DeadManTable: Sendable, Equatable {
    /// Most armed switches the chain keeps; arming one more is refused (`dead_man_table_full`).
    public static let entriesMax = 65_536

    /// A seller key and a market index (nil: every market).
    public struct Scope: Hashable, Sendable, Comparable, CanonicalCodable {
        public let sellerKey: PublicKey
        public let market: UInt32?

        public init(sellerKey: PublicKey, market: UInt32?) {
            self.sellerKey = sellerKey
            self.market = market
        }

        /// Sorted by canonical bytes: the same order on every machine.
        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.canonicalBytes.lexicographicallyPrecedes(rhs.canonicalBytes) }

        /// Whether an order of `sellerKey` in `market` is in this scope.
        func covers(sellerKey: PublicKey, market: Int) -> Bool {
            sellerKey == self.sellerKey && Self.scope(self.market, covers: market)
        }

        /// Whether a scope of `scope` (nil: every market) takes in market index `market`.
        package static func scope(_ scope: UInt32?, covers market: Int) -> Bool {
            scope.map { Int($0) == market } ?? true
        }

        public func encode(to writer: inout ByteWriter) {
            writer.write(sellerKey)
            writer.writeScope(market)
        }

        public init(from reader: inout ByteReader) throws(PrimitivesError) {
            self.init(sellerKey: try PublicKey(from: &reader), market: try reader.readScope(field: "dead_man.scope.market"))
        }
    }

    /// The bound this table enforces (`entriesMax`; smaller only in tests). Not state.
    public let capacity: Int
    private var triggers: [Scope: UInt64] = [:]
    /// Trigger height → the scopes due then (the same entries as `triggers`).
    private var due: [UInt64: Set<Scope>] = [:]

    public init(capacity: Int = DeadManTable.entriesMax) {
        self.capacity = capacity
    }

    public static func == (lhs: DeadManTable, rhs: DeadManTable) -> Bool { lhs.triggers == rhs.triggers }

    public var count: Int { triggers.count }
    public var isEmpty: Bool { triggers.isEmpty }

    /// The armed trigger height of `scope`, if any.
    public func trigger(of scope: Scope) -> UInt64? { triggers[scope] }

    /// Every entry, sorted by scope.
    public var sortedEntries: [(scope: Scope, trigger: UInt64)] {
        triggers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Arms or moves `scope`'s trigger. The caller checked the bound and the staleness.
    mutating func arm(_ scope: Scope, at trigger: UInt64) {
        if let old = triggers[scope] { due[old]?.remove(scope) }
        triggers[scope] = trigger
        due[trigger, default: []].insert(scope)
    }

    /// Removes and returns the scopes due at `height`, sorted.
    mutating func removeDue(atHeight height: UInt64) -> [Scope] {
        guard let scopes = due.removeValue(forKey: height) else { return [] }
        for scope in scopes { triggers[scope] = nil }
        return scopes.sorted()
    }

    /// The Merkle root of the sorted entries (scope encoding, then the trigger as 8 bytes
    /// little-endian); nil for an empty table.
    public func root(suite: any CryptoSuite) -> Hash256? {
        guard !isEmpty else { return nil }
        return MerkleTree.root(of: sortedEntries.map { Self.entryBytes($0.scope, $0.trigger) }, suite: suite)
    }

    static func entryBytes(_ scope: Scope, _ trigger: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: 80)
        scope.encode(to: &writer)
        writer.write(trigger)
        return writer.bytes
    }

    /// The header's state commitment: the UTXO multiset digest alone while no switch is
    /// armed (so chains that never use one keep their commitments), else the tagged hash
    /// (`Lodestone/DeadManState`) of that digest then the table's root.
    public static func stateCommitment(multiset digest: Hash256, deadManRoot: Hash256?, suite: any CryptoSuite) -> Hash256 {
        guard let deadManRoot else { return digest }
        return suite.hash(.deadManState, digest.bytes + deadManRoot.bytes)
    }
}
