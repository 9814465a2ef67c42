import Matching
import Primitives

/// An order already resting when the publisher starts (a restarted node): its chain ID,
/// side, and price and size in ticks and lots, listed in time priority.
public struct FeedRestingOrder: Sendable, Equatable {
    public let orderID: Hash256
    public let side: Side
    public let priceTicks: Int64
    public let sizeLots: Int64

    public init(orderID: Hash256, side: Side, priceTicks: Int64, sizeLots: Int64) {
        self.orderID = orderID
        self.side = side
        self.priceTicks = priceTicks
        self.sizeLots = sizeLots
    }
}
