import Crypto
import Ledger
import Markets
import Matching
import Primitives
import Synchronization

/// The chain's order books and the index from on-chain orders to book handles. Everything
/// here is derived from the UTXO set (`Exchange.rebuilt`), so it is never persisted itself.
///
/// Every change goes through the mutating methods below; while a block executes they also
/// record it (`ExchangeOperation`), so the block can be replayed on a second, equal exchange
/// at the cost of its own orders (`ChainState.commit`, docs/CHAIN.md).
public struct Exchange: Sendable {
    /// Book limits per market.
    public static let capacity = try! BookCapacity(maxRestingOrders: 1 << 18, maxPriceLevels: 1 << 16, maxOrderIDs: 1 << 19)

    /// The markets and their pair lookup (the same the chain's config holds).
    public let directory: MarketDirectory
    public var markets: [ChainMarket] { directory.markets }
    private(set) var books: [FastBook]
    /// Resting orders by order ID.
    private(set) var live: [Hash256: LiveOrder] = [:]
    /// Per market: book handle → order ID, indexed by the handle's raw value. Handles are
    /// dense (below `nextHandle`), so a table beats hashing; it grows as handles are first
    /// tracked and holds nil for handles not tracked now.
    private var byHandle: [[Hash256?]]
    /// Per market: handles released at the end of earlier blocks, reused first.
    private var freeHandles: [[OrderID]]
    private var nextHandle: [UInt32]
    /// Resting orders by expiry height, over all markets (orders without one are not counted).
    private var expiring: [UInt64: Int] = [:]
    /// Seller programs interned as book owners, for self-trade prevention.
    private var owners: [ControlProgram: OwnerID] = [:]
    /// Which contents these are: a fresh number for every new exchange and every block
    /// executed on one; a replay that reproduces a block takes that block's number. Two
    /// exchanges with the same number hold the same books (what `ExchangeSpare` relies on).
    private(set) var generation = Exchange.newGeneration()
    /// The changes made since `beginBlock`, while a block executes on this exchange.
    private var recorded: [ExchangeOperation]? = nil

    private static let generations = Atomic<UInt64>(0)

    private static func newGeneration() -> UInt64 {
        generations.wrappingAdd(1, ordering: .relaxed).newValue
    }

    public init(markets: [ChainMarket]) {
        self.init(directory: MarketDirectory(markets: markets))
    }

    public init(directory: MarketDirectory) {
        self.directory = directory
        let markets = directory.markets
        books = markets.map { FastBook(rules: $0.rules, capacity: Self.capacity) }
        byHandle = markets.map { _ in [] }
        freeHandles = markets.map { _ in [] }
        nextHandle = markets.map { _ in 0 }
    }

    /// The market trading `offered` against `requested`, if any.
    public func market(offered: AssetID, requested: AssetID) -> ChainMarket? {
        directory.market(offered: offered, requested: requested)
    }

    /// Reads a magnetic output as an order (`MarketDirectory.terms`).
    public func terms(of output: Output, order: MagneticOrder, remainder: Bool = false) throws(ChainError) -> OrderTerms {
        try directory.terms(of: output, order: order, remainder: remainder)
    }

    public func liveOrder(_ orderID: Hash256) -> LiveOrder? { live[orderID] }

    public func orderID(market: Int, handle: OrderID) -> Hash256? {
        let index = Int(handle.rawValue)
        return index < byHandle[market].count ? byHandle[market][index] : nil
    }

    // The book queries below read the book in place: `books[market].query` copied the whole
    // book value (a dozen references retained and released) on every call.

    /// Whether `handle` rests in `market`'s book now.
    func isResting(_ handle: OrderID, market: Int) -> Bool { restingOrder(handle, market: market) != nil }

    /// How many orders rest in `market`'s book.
    func restingOrderCount(market: Int) -> Int { books.withUnsafeBufferPointer { $0[market].restingOrderCount } }

    /// What rests in `market`'s book under `handle`, if anything.
    func restingOrder(_ handle: OrderID, market: Int) -> RestingOrder? {
        books.withUnsafeBufferPointer { $0[market].order(handle) }
    }

    /// How many resting orders of `market` `order` would reach, up to `limit` (`FastBook`).
    func restingOrdersReached(by order: NewOrder, market: Int, limit: Int) -> Int {
        books.withUnsafeBufferPointer { $0[market].restingOrdersReached(by: order, limit: limit) }
    }

    public var restingOrderCount: Int { live.count }

    /// A book handle for a new order of `market`; `nil` when the ID space is exhausted.
    mutating func allocateHandle(market: Int) -> OrderID? {
        let handle: OrderID
        if let free = freeHandles[market].popLast() {
            handle = free
        } else {
            guard nextHandle[market] < Self.capacity.maxOrderIDs else { return nil }
            handle = OrderID(nextHandle[market])
            nextHandle[market] += 1
        }
        recorded?.append(.allocateHandle(handle, market: market))
        return handle
    }

    /// How many more handles `market` can hand out this block.
    func freeHandleCount(market: Int) -> Int {
        freeHandles[market].count + Int(Self.capacity.maxOrderIDs - nextHandle[market])
    }

    /// The owner ID of a seller program (interned on first sight).
    mutating func owner(of program: ControlProgram) -> OwnerID {
        if let owner = owners[program] { return owner }
        let owner = OwnerID(UInt32(owners.count))
        owners[program] = owner
        recorded?.append(.internOwner(program))
        return owner
    }

    /// Room for `count` more resting orders, made at once (the first change of a block
    /// copies the table anyway).
    mutating func reserveLive(adding count: Int) {
        live.reserveCapacity(live.count + count)
    }

    /// Room for `count` more recorded changes, made at once: a change is a few hundred bytes,
    /// and growing the log step by step copied it about twice over.
    mutating func reserveRecord(adding count: Int) {
        guard let size = recorded?.count else { return }
        recorded?.reserveCapacity(size + count)
    }

    /// Most resting orders, over all markets, that may expire at the same height: expiry is
    /// the one way many orders leave their books in one block without a request each, and
    /// every one of them is an input of that block's settlements (`BlockExecutor.settlementOrdersMax`).
    public static let expiriesPerHeightMax = 4_096

    /// Resting orders of every market expiring at `height` (amends counted twice within a block).
    public func expiringCount(height: UInt64) -> Int { expiring[height] ?? 0 }

    mutating func track(_ order: LiveOrder) {
        recorded?.append(.track(order))
        performTrack(order)
    }

    mutating func updateOutput(of orderID: Hash256, to outputID: Hash256, amount: Amount) {
        recorded?.append(.updateOutput(orderID, outputID: outputID, amount: amount))
        performUpdateOutput(of: orderID, to: outputID, amount: amount)
    }

    /// Returns a handle that was allocated but never entered a book.
    mutating func releaseHandle(_ handle: OrderID, market: Int) {
        recorded?.append(.releaseHandle(handle, market: market))
        performReleaseHandle(handle, market: market)
    }

    /// Forgets an order that left its book, recycling its handle for later blocks.
    mutating func untrack(_ orderID: Hash256) {
        recorded?.append(.untrack(orderID))
        performUntrack(orderID)
    }

    /// Runs one operation on `market`'s book.
    mutating func apply<Sink: EventSink>(_ operation: BookOperation, market: Int, into sink: inout Sink) throws(MatchingError) {
        recorded?.append(.book(operation, market: market))
        try performBook(operation, market: market, into: &sink)
    }

    // The changes themselves, shared by the recording methods above and `replay`.

    private mutating func performTrack(_ order: LiveOrder) {
        live[order.orderID] = order
        let (market, index) = (order.terms.market, Int(order.handle.rawValue))
        if byHandle[market].count <= index {
            byHandle[market].append(contentsOf: repeatElement(nil, count: index + 1 - byHandle[market].count))
        }
        byHandle[market][index] = order.orderID
        if let expiry = order.contract.expiryHeight { expiring[expiry, default: 0] += 1 }
    }

    private mutating func performUpdateOutput(of orderID: Hash256, to outputID: Hash256, amount: Amount) {
        live[orderID]?.outputID = outputID
        live[orderID]?.offeredAmount = amount
    }

    private mutating func performReleaseHandle(_ handle: OrderID, market: Int) {
        books[market].release(handle)
        freeHandles[market].append(handle)
    }

    private mutating func performUntrack(_ orderID: Hash256) {
        guard let order = live.removeValue(forKey: orderID) else { return }
        byHandle[order.terms.market][Int(order.handle.rawValue)] = nil
        if let expiry = order.contract.expiryHeight {
            let left = expiringCount(height: expiry) - 1
            assert(left >= 0, "every tracked order with an expiry was counted")
            expiring[expiry] = left > 0 ? left : nil
        }
        performReleaseHandle(order.handle, market: order.terms.market)
    }

    private mutating func performBook<Sink: EventSink>(
        _ operation: BookOperation, market: Int, into sink: inout Sink
    ) throws(MatchingError) {
        switch operation {
        case .submit(let order): try books[market].submit(order, into: &sink)
        case .cancel(let handle): try books[market].cancel(handle, into: &sink)
        case .replace(let request): try books[market].replace(request, into: &sink)
        case .massCancel(let owner): books[market].massCancel(owner: owner, into: &sink)
        case .advance(let height): try books[market].advance(toHeight: height, into: &sink)
        }
    }
}

extension Exchange {
    /// Starts a block on this exchange: it becomes new contents (a new generation), and every
    /// change is recorded until `endBlock`.
    mutating func beginBlock() {
        generation = Self.newGeneration()
        recorded = []
    }

    /// Stops recording and returns the block's changes, in the order they were made.
    mutating func endBlock() -> [ExchangeOperation] {
        defer { recorded = nil }
        return recorded ?? []
    }

    /// Makes this exchange what a block made of an equal one: `operations` are that block's
    /// changes, applied again in order, and the result takes `generation`, the executed
    /// exchange's. Matching is deterministic, so each operation does here what it did there;
    /// false when one does not (this exchange then matches nothing and must be dropped).
    mutating func replay(_ operations: [ExchangeOperation], generation: UInt64) -> Bool {
        recorded = nil
        var sink = EventCounter()
        for operation in operations {
            switch operation {
            case .book(let book, let market):
                do {
                    try performBook(book, market: market, into: &sink)
                } catch .postOnlyWouldCross {
                    // Refused before any change, as in the block (`submitNewOrders`).
                } catch {
                    return false
                }
            case .allocateHandle(let handle, let market):
                guard allocateHandle(market: market) == handle else { return false }
            case .internOwner(let program):
                _ = owner(of: program)
            case .track(let order):
                performTrack(order)
            case .untrack(let orderID):
                performUntrack(orderID)
            case .updateOutput(let orderID, let outputID, let amount):
                performUpdateOutput(of: orderID, to: outputID, amount: amount)
            case .releaseHandle(let handle, let market):
                performReleaseHandle(handle, market: market)
            }
        }
        self.generation = generation
        return true
    }

    /// Whether `other` has the same counts as this exchange: resting orders, handles, owners
    /// and each book's size, levels and best prices. O(markets): cheap enough for every
    /// commit, a guard against a replay gone wrong, not a proof (see `sameContents`).
    func sameShape(as other: Exchange) -> Bool {
        guard live.count == other.live.count, nextHandle == other.nextHandle, owners.count == other.owners.count,
            books.count == other.books.count
        else { return false }
        for market in books.indices {
            let (a, b) = (books[market], other.books[market])
            guard a.restingOrderCount == b.restingOrderCount, a.priceLevelCount == b.priceLevelCount, a.height == b.height,
                a.bestPrice(.buy) == b.bestPrice(.buy), a.bestPrice(.sell) == b.bestPrice(.sell),
                freeHandles[market].count == other.freeHandles[market].count
            else { return false }
        }
        return true
    }

    /// Whether both map the same handles to the same orders (tables may differ in how far
    /// they grew: a slot past the end is an untracked handle).
    private func sameHandles(as other: Exchange) -> Bool {
        byHandle.indices.allSatisfy { market in
            let (a, b) = (byHandle[market], other.byHandle[market])
            return (0..<max(a.count, b.count)).allSatisfy { index in
                (index < a.count ? a[index] : nil) == (index < b.count ? b[index] : nil)
            }
        }
    }

    /// Whether `other` holds exactly these orders, handles, owners and books: O(resting
    /// orders), for assertions and tests.
    func sameContents(as other: Exchange) -> Bool {
        guard sameShape(as: other), live == other.live, sameHandles(as: other), freeHandles == other.freeHandles,
            expiring == other.expiring, owners == other.owners
        else { return false }
        for market in books.indices {
            guard books[market].levels(.buy) == other.books[market].levels(.buy),
                books[market].levels(.sell) == other.books[market].levels(.sell)
            else { return false }
        }
        return live.values.allSatisfy { order in
            books[order.terms.market].order(order.handle) == other.books[order.terms.market].order(order.handle)
        }
    }
}

extension Exchange {
    /// One resting order as a reader outside the chain needs it (feeds after a restart).
    public struct RestingOrderView: Sendable, Equatable {
        public let orderID: Hash256
        public let side: Side
        public let priceTicks: Int64
        public let sizeLots: Int64
    }

    /// The orders resting in `market`, in time priority (the order they entered the chain;
    /// an amend keeps its place), with their current sizes.
    public func restingOrders(market: Int) -> [RestingOrderView] {
        live.values
            .filter { $0.terms.market == market }
            .sorted { $0.position < $1.position }
            .compactMap { order in
                books[market].order(order.handle).map {
                    RestingOrderView(orderID: order.orderID, side: $0.side, priceTicks: $0.price, sizeLots: $0.size)
                }
            }
    }
}
