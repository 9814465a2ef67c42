/// A request to add an order to a book.
public struct NewOrder: Sendable, Hashable {
    /// The order's ID; must be new to the book.
    public var id: OrderID
    /// Who placed it; orders of one owner never trade with each other.
    public var owner: OwnerID
    /// Buy or sell.
    public var side: Side
    /// Limit price in raw units (a positive multiple of the tick size).
    public var price: Int64
    /// Size in raw units (a positive whole number of lots, at least the minimum size).
    public var size: Int64
    /// Lifetime and taking behaviour.
    public var timeInForce: TimeInForce
    /// Last height at which the order may rest: it is expired when the book is advanced past
    /// it. `nil`: no expiry.
    public var expiry: UInt64?

    /// Describes an order; it is checked when submitted to a book, not here.
    @inlinable
    public init(
        id: OrderID, owner: OwnerID, side: Side, price: Int64, size: Int64,
        timeInForce: TimeInForce = .goodTillCancel, expiry: UInt64? = nil
    ) {
        self.id = id
        self.owner = owner
        self.side = side
        self.price = price
        self.size = size
        self.timeInForce = timeInForce
        self.expiry = expiry
    }
}
