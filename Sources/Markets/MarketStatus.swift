/// Whether a market takes orders. The raw value is the string used in market files.
public enum MarketStatus: String, Sendable, CaseIterable {
    /// Orders are accepted and matched.
    case active
    /// Trading is paused: the book is kept, new orders are refused until it is active again.
    case halted
    /// The market is retired: no new orders; resting orders may only be cancelled.
    case closed
}
