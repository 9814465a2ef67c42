/// How long an order may live and whether it may take liquidity.
public enum TimeInForce: UInt8, Sendable, Hashable, CaseIterable {
    /// Good till cancelled (or till its expiry height, if it has one): matches what it can,
    /// rests the remainder.
    case goodTillCancel
    /// Immediate or cancel: matches what it can, the remainder is cancelled (reason `ioc`).
    case immediateOrCancel
    /// Fill or kill: fills completely at once, or is rejected (`fok_unfillable`) without any
    /// trade or other change.
    case fillOrKill
    /// Post-only: rests without taking; rejected (`post_only_would_cross`) if it would cross.
    case postOnly

    /// True when an unfilled remainder is added to the book.
    @inlinable
    public var rests: Bool { self == .goodTillCancel || self == .postOnly }
}
