/// Why (the rest of) an order left the book or never rested.
public enum CancelReason: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The owner cancelled it by ID.
    case user
    /// Remainder of an immediate-or-cancel order.
    case ioc
    /// Self-trade prevention (see `SelfTradePolicy`).
    case stp
    /// Its expiry height passed.
    case expired
    /// Replaced by a new order (see `ReplaceRequest`).
    case replaced
    /// Mass cancel of its owner's orders.
    case mass

    /// Stable lower-case name, as written by the replay tool and the feeds.
    public var description: String {
        switch self {
        case .user: "user"
        case .ioc: "ioc"
        case .stp: "stp"
        case .expired: "expired"
        case .replaced: "replaced"
        case .mass: "mass"
        }
    }
}
