/// A request to replace a resting order atomically with a new ID, price and size.
///
/// The order keeps its queue position (renamed in place) when the price is unchanged and the
/// size does not go up; otherwise the old order is removed and the new one entered as a
/// good-till-cancel order (same owner, side and expiry) that may match at once.
public struct ReplaceRequest: Sendable, Hashable {
    /// The resting order to replace.
    public var id: OrderID
    /// The ID of the replacement; must be new to the book and differ from `id`.
    public var newID: OrderID
    /// The replacement's limit price.
    public var price: Int64
    /// The replacement's size (what will rest, not what was originally asked).
    public var size: Int64

    /// Describes a replace; it is checked when applied to a book.
    public init(id: OrderID, newID: OrderID, price: Int64, size: Int64) {
        self.id = id
        self.newID = newID
        self.price = price
        self.size = size
    }
}
