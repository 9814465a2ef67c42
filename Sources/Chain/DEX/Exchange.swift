import Crypto
import Ledger
import Markets
import Matching
import Primitives

/// The chain's order books and the index from on-chain orders to book handles. Everything
/// here is derived from the UTXO set (`Exchange.rebuilt`), so it is never persisted itself.
public struct Exchange: Sendable {
    /// Book limits per market.
    public static let capacity = try! BookCapacity(maxRestingOrders: 1 << 18, maxPriceLevels: 1 << 16, maxOrderIDs: 1 << 19)

    public let markets: [ChainMarket]
    var books: [FastBook]
    /// Resting orders by order ID.
    private(set) var live: [Hash256: LiveOrder] = [:]
    /// Per market: book handle → order ID.
    private var byHandle: [[OrderID: Hash256]]
    /// Per market: handles released at the end of earlier blocks, reused first.
    private var freeHandles: [[OrderID]]
    private var nextHandle: [UInt32]
    /// Per market: resting orders by expiry height (orders without one are not counted).
    /// Resting orders by expiry height, over all markets (orders without one are not counted).
    private var expiring: [UInt64: Int] = [:]
    /// Seller programs interned as book owners, for self-trade prevention.
    private var owners: [ControlProgram: OwnerID] = [:]
    private var pairs: [AssetPair: Int] = [:]

    private struct AssetPair: Hashable {
        let offered: AssetID
        let requested: AssetID
    }

    public init(markets: [ChainMarket]) {
        self.markets = markets
        books = markets.map { FastBook(rules: $0.rules, capacity: Self.capacity) }
        byHandle = markets.map { _ in [:] }
        freeHandles = markets.map { _ in [] }
        nextHandle = markets.map { _ in 0 }
        for market in markets {
            pairs[AssetPair(offered: market.baseAsset, requested: market.quoteAsset)] = market.index
            pairs[AssetPair(offered: market.quoteAsset, requested: market.baseAsset)] = market.index
        }
    }

    /// The market trading `offered` against `requested`, if any.
    public func market(offered: AssetID, requested: AssetID) -> ChainMarket? {
        pairs[AssetPair(offered: offered, requested: requested)].map { markets[$0] }
    }

    /// Reads a magnetic output as an order, checking every entry rule (or, for a restored
    /// `remainder`, every rule that still applies).
    public func terms(of output: Output, order: MagneticOrder, remainder: Bool = false) throws(ChainError) -> OrderTerms {
        guard let market = market(offered: output.asset, requested: order.requestedAsset),
            let side = market.side(offered: output.asset, requested: order.requestedAsset)
        else {
            throw .unknownMarket(offered: output.asset, requested: order.requestedAsset)
        }
        return try market.terms(of: output, order: order, side: side, remainder: remainder)
    }

    public func liveOrder(_ orderID: Hash256) -> LiveOrder? { live[orderID] }

    public func orderID(market: Int, handle: OrderID) -> Hash256? { byHandle[market][handle] }

    public var restingOrderCount: Int { live.count }

    /// A book handle for a new order of `market`; `nil` when the ID space is exhausted.
    mutating func allocateHandle(market: Int) -> OrderID? {
        if let handle = freeHandles[market].popLast() { return handle }
        guard nextHandle[market] < Self.capacity.maxOrderIDs else { return nil }
        defer { nextHandle[market] += 1 }
        return OrderID(nextHandle[market])
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
        return owner
    }

    /// Room for `count` more resting orders, made at once (the first change of a block
    /// copies the table anyway).
    mutating func reserveLive(adding count: Int) {
        live.reserveCapacity(live.count + count)
    }

    /// Most resting orders, over all markets, that may expire at the same height: expiry is
    /// the one way many orders leave their books in one block without a request each, and
    /// every one of them is an input of that block's settlements (`BlockExecutor.settlementOrdersMax`).
    public static let expiriesPerHeightMax = 4_096

    /// Resting orders of every market expiring at `height` (amends counted twice within a block).
    public func expiringCount(height: UInt64) -> Int { expiring[height] ?? 0 }

    mutating func track(_ order: LiveOrder) {
        live[order.orderID] = order
        byHandle[order.terms.market][order.handle] = order.orderID
        if let expiry = order.contract.expiryHeight { expiring[expiry, default: 0] += 1 }
    }

    mutating func updateOutput(of orderID: Hash256, to outputID: Hash256, amount: Amount) {
        live[orderID]?.outputID = outputID
        live[orderID]?.offeredAmount = amount
    }

    /// Returns a handle that was allocated but never entered a book.
    mutating func releaseHandle(_ handle: OrderID, market: Int) {
        books[market].release(handle)
        freeHandles[market].append(handle)
    }

    /// Forgets an order that left its book, recycling its handle for later blocks.
    mutating func untrack(_ orderID: Hash256) {
        guard let order = live.removeValue(forKey: orderID) else { return }
        byHandle[order.terms.market][order.handle] = nil
        if let expiry = order.contract.expiryHeight {
            let left = expiringCount(height: expiry) - 1
            assert(left >= 0, "every tracked order with an expiry was counted")
            expiring[expiry] = left > 0 ? left : nil
        }
        releaseHandle(order.handle, market: order.terms.market)
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
