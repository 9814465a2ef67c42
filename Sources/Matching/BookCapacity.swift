/// The fixed limits of one book, chosen at init. They bound memory without allocating it:
/// a book's pools grow as orders rest, up to these limits, and past them it rejects
/// (`book_full`, `order_id_out_of_range`).
public struct BookCapacity: Sendable, Hashable {
    /// Which limit a `book_full` reject ran into.
    public enum Limit: UInt8, Sendable, Hashable, CustomStringConvertible {
        /// No free slot for one more resting order.
        case restingOrders
        /// No free slot for one more price level.
        case priceLevels

        public var description: String {
            self == .restingOrders ? "no room for another resting order" : "no room for another price level"
        }
    }

    /// Upper bound of `maxRestingOrders` and `maxPriceLevels`: keeps handles in `Int32` and
    /// a level's total size (≤ orders × `MarketRules.sizeCeiling`) inside `Int64`.
    public static let slotCeiling = 1 << 24
    /// Upper bound of `maxOrderIDs`: IDs index a table of `Int32` handles.
    public static let orderIDCeiling: UInt32 = 1 << 31

    /// Most orders resting at once (both sides).
    public let maxRestingOrders: Int
    /// Most distinct price levels at once (both sides).
    public let maxPriceLevels: Int
    /// Size of the order ID space: valid IDs are `0..<maxOrderIDs`.
    public let maxOrderIDs: UInt32

    /// Checks each limit is in `1...slotCeiling` (IDs: `1...orderIDCeiling`).
    public init(maxRestingOrders: Int, maxPriceLevels: Int, maxOrderIDs: UInt32) throws(MatchingError) {
        guard (1...Self.slotCeiling).contains(maxRestingOrders) else {
            throw .invalidCapacity("maxRestingOrders \(maxRestingOrders) not in 1...\(Self.slotCeiling)")
        }
        guard (1...Self.slotCeiling).contains(maxPriceLevels) else {
            throw .invalidCapacity("maxPriceLevels \(maxPriceLevels) not in 1...\(Self.slotCeiling)")
        }
        guard (1...Self.orderIDCeiling).contains(maxOrderIDs) else {
            throw .invalidCapacity("maxOrderIDs \(maxOrderIDs) not in 1...\(Self.orderIDCeiling)")
        }
        self.maxRestingOrders = maxRestingOrders
        self.maxPriceLevels = maxPriceLevels
        self.maxOrderIDs = maxOrderIDs
    }

    /// Throws `order_id_out_of_range` unless `id` is inside the ID space.
    @inlinable
    public func check(_ id: OrderID) throws(MatchingError) {
        guard id.rawValue < maxOrderIDs else { throw .orderIDOutOfRange(id, maxOrderIDs: maxOrderIDs) }
    }

    /// Throws `book_full` unless one more order can rest, given the current counts and whether
    /// it needs a new price level.
    @inlinable
    public func checkRoom(restingOrders: Int, priceLevels: Int, needsNewLevel: Bool) throws(MatchingError) {
        guard restingOrders < maxRestingOrders else { throw .bookFull(.restingOrders) }
        guard !needsNewLevel || priceLevels < maxPriceLevels else { throw .bookFull(.priceLevels) }
    }
}
