import Chain
import Crypto
import Ledger
import LodestoneWire
import Primitives
import Synchronization
import ZeroMQ

/// Execution reports, built on the block thread from each committed block and drained by
/// the gateway thread. It also remembers recent orders and transactions (bounded), which is
/// what answers status queries about orders that have left the book.
///
/// Reports are built only for subscribed keys. The outbox is bounded: a report that does not
/// fit is dropped and counted against its key, so every subscribed connection sees the gap
/// in its sequence numbers.
public final class ReportSink: Sendable {
    /// Bounds on what is remembered and queued.
    public struct Limits: Sendable {
        /// Reports waiting for the gateway thread.
        public var outboxCapacity = 65_536
        /// Orders remembered for status and reports (oldest forgotten first).
        public var trackedOrdersMax = 1 << 18
        /// Transactions remembered for status (oldest forgotten first).
        public var trackedTransactionsMax = 1 << 18
        /// Every limit at its default.
        public init() {}
    }

    struct Store: Sendable {
        var subscribers: [PublicKey: Int] = [:]
        var orders: BoundedMap<Hash256, TrackedOrder>
        /// Transaction ID → height of its block, 0 while only acknowledged.
        var transactions: BoundedMap<Hash256, UInt64>
        /// Client order IDs of acknowledged transactions, until their block.
        var clientOrderIDs: BoundedMap<Hash256, String>
        /// Order ID → its transaction's ID, for acknowledged orders until their block (a
        /// status query answers PENDING while the transaction is pending).
        var pendingOrders: BoundedMap<Hash256, Hash256>
        var outbox: [KeyedReport] = []
        /// Reports lost to a full outbox, per key, not yet shown to the gateway.
        var lost: [PublicKey: UInt64] = [:]

        /// Holds nothing and allocates nothing; stands in while the real store is being built on.
        static var empty: Store {
            Store(
                orders: BoundedMap(capacity: 1), transactions: BoundedMap(capacity: 1), clientOrderIDs: BoundedMap(capacity: 1),
                pendingOrders: BoundedMap(capacity: 1))
        }
    }

    let config: ChainConfig
    let limits: Limits
    let store: Mutex<Store>
    /// The gateway thread's wake, signalled after reports are queued (nil: nobody waits).
    private let wake = Mutex<ZMQWake?>(nil)

    /// An empty sink for the chain `config`.
    public init(config: ChainConfig, limits: Limits = Limits()) {
        self.config = config
        self.limits = limits
        store = Mutex(
            Store(
                orders: BoundedMap(capacity: limits.trackedOrdersMax),
                transactions: BoundedMap(capacity: limits.trackedTransactionsMax),
                clientOrderIDs: BoundedMap(capacity: limits.trackedTransactionsMax),
                pendingOrders: BoundedMap(capacity: limits.trackedOrdersMax)))
    }

    /// Signals `wake` whenever a block queued reports (or lost some to a full outbox).
    func wakeOnReports(_ wake: ZMQWake) {
        self.wake.withLock { $0 = wake }
    }

    /// Starts building reports for `key` (counted: one per subscribed connection).
    func subscribe(_ key: PublicKey) {
        store.withLock { $0.subscribers[key, default: 0] += 1 }
    }

    /// Stops one connection's interest in `key`.
    func unsubscribe(_ key: PublicKey) {
        store.withLock { store in
            guard let count = store.subscribers[key] else { return }
            store.subscribers[key] = count > 1 ? count - 1 : nil
        }
    }

    /// Remembers acknowledged transactions and their orders (pending until their block) and
    /// who placed them, under one lock.
    func acknowledged(_ transactions: [(id: Hash256, clientOrderID: String, orderIDs: [Hash256])]) {
        guard !transactions.isEmpty else { return }
        store.withLock { store in
            for (id, clientOrderID, orderIDs) in transactions {
                if store.transactions[id] == nil { store.transactions[id] = 0 }
                store.clientOrderIDs[id] = clientOrderID
                for orderID in orderIDs where store.orders[orderID] == nil { store.pendingOrders[orderID] = id }
            }
        }
    }

    /// Builds the reports of a committed block, and a Dropped report for each acknowledged
    /// item the pool dropped after it. Called on the block thread; takes one lock and does
    /// no I/O.
    public func publish(block: Block, outcome: BlockOutcome, state: ChainState, dropped: [DroppedItem] = []) {
        let queued = store.withLock { store in
            // Moved into the builder, not copied: a copy would duplicate every remembered
            // order and transaction on the builder's first write, each block.
            var taken = Store.empty
            swap(&taken, &store)
            var builder = ReportBuilder(config: config, outcome: outcome, state: state, store: taken)
            builder.build()
            for item in dropped { builder.drop(item) }
            for report in builder.reports { queue(report, in: &builder.store) }
            store = builder.store
            return !builder.reports.isEmpty
        }
        if queued { wake.withLock { $0 }?.signal() }
    }

    private func queue(_ report: KeyedReport, in store: inout Store) {
        guard store.outbox.count < limits.outboxCapacity else {
            store.lost[report.key, default: 0] += 1
            return
        }
        store.outbox.append(report)
    }

    /// The queued reports, and per key how many were lost before them.
    func drain() -> (reports: [KeyedReport], lost: [PublicKey: UInt64]) {
        store.withLock { store in
            defer {
                store.outbox.removeAll(keepingCapacity: true)
                store.lost.removeAll()
            }
            return (store.outbox, store.lost)
        }
    }
}
