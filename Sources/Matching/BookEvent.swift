/// Everything a book reports, in the order it happens. Order life cycle (`accepted`,
/// `rejected`, `fill`, `cancelled`), L2 (`levelChanged`) and L3 (`orderAdded`,
/// `orderReduced`, `orderReplaced`, `orderRemoved`) events together are complete: a feed can
/// rebuild the book, every order's state and every trade from them alone.
public enum BookEvent: Sendable, Hashable {
    /// A new order (or a replacement) passed every check; matching follows.
    case accepted(OrderID)
    /// An operation was refused and changed nothing. The ID is the order the request named
    /// (`nil` for a height change).
    case rejected(OrderID?, MatchingError)
    /// A trade.
    case fill(Fill)
    /// `size` of the order was cancelled (the part neither filled nor still resting).
    case cancelled(OrderID, CancelReason, size: Int64)
    /// L2: the total resting size at one price on one side is now `totalSize` (0: level gone).
    case levelChanged(Side, price: Int64, totalSize: Int64)
    /// L3: an order now rests at the back of its price level.
    case orderAdded(OrderID, owner: OwnerID, Side, price: Int64, size: Int64)
    /// L3: a resting order's remaining size went down to `size` (> 0), keeping its place.
    case orderReduced(OrderID, size: Int64)
    /// L3: a resting order was renamed to `newID` with remaining `size`, keeping its place.
    case orderReplaced(OrderID, newID: OrderID, size: Int64)
    /// L3: a resting order left the book (filled or cancelled).
    case orderRemoved(OrderID)
}
