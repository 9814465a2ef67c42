/// What happens when a taker meets a resting order of the same owner (self-trade prevention).
/// No fill is ever made between two orders of one owner.
public enum SelfTradePolicy: UInt8, Sendable, Hashable, CaseIterable {
    /// Cancel the resting order (reason `stp`) and go on matching. The default.
    case cancelResting
    /// Cancel the taker's remainder (reason `stp`); the resting order stays.
    case cancelTaker
    /// Cancel the resting order and the taker's remainder (both reason `stp`).
    case cancelBoth

    /// True when meeting an own order ends the taker.
    @inlinable
    public var cancelsTaker: Bool { self != .cancelResting }

    /// True when meeting an own order removes that resting order.
    @inlinable
    public var cancelsResting: Bool { self != .cancelTaker }
}
