/// What the matcher does when an incoming order would trade with a resting order of the
/// same owner. The raw value is the string used in market files.
public enum SelfTradePolicy: String, Sendable, CaseIterable {
    /// Cancel the resting order and let the incoming order go on matching (the default).
    case cancelResting = "cancel_resting"
    /// Cancel what is left of the incoming order; the resting order stays.
    case cancelTaker = "cancel_taker"
    /// Cancel both orders.
    case cancelBoth = "cancel_both"
}
