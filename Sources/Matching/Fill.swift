/// One trade between a resting (maker) and an incoming (taker) order, at the maker's price.
public struct Fill: Sendable, Hashable {
    /// The resting order.
    public var maker: OrderID
    /// The incoming order.
    public var taker: OrderID
    /// The side of the taker (the aggressor).
    public var takerSide: Side
    /// Trade price: the maker's limit price (raw units).
    public var price: Int64
    /// Traded size (raw units).
    public var size: Int64
    /// Fee owed by the maker, `ceil(price × size × makerFeeBps / 10_000)`.
    public var makerFee: Int64
    /// Fee owed by the taker, `ceil(price × size × takerFeeBps / 10_000)`.
    public var takerFee: Int64

    /// Describes a trade.
    @inlinable
    public init(maker: OrderID, taker: OrderID, takerSide: Side, price: Int64, size: Int64, makerFee: Int64, takerFee: Int64) {
        self.maker = maker
        self.taker = taker
        self.takerSide = takerSide
        self.price = price
        self.size = size
        self.makerFee = makerFee
        self.takerFee = takerFee
    }
}
