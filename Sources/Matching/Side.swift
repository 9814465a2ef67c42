/// Which side of the book an order is on.
public enum Side: UInt8, Sendable, Hashable, CaseIterable {
    /// Wants to buy the base asset; rests on the bid side.
    case buy
    /// Wants to sell the base asset; rests on the ask side.
    case sell

    /// The side an order of this side trades against.
    @inlinable
    public var opposite: Side { self == .buy ? .sell : .buy }

    /// True when a resting price on the opposite side can trade with a taker limit of this
    /// side: a buy crosses asks at or below its limit, a sell crosses bids at or above it.
    @inlinable
    public func crosses(limit: Int64, resting: Int64) -> Bool {
        self == .buy ? resting <= limit : resting >= limit
    }

    /// True when `price` is strictly better than `other` for a resting order of this side
    /// (higher for bids, lower for asks).
    @inlinable
    public func isBetter(_ price: Int64, than other: Int64) -> Bool {
        self == .buy ? price > other : price < other
    }
}
