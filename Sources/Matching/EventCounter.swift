/// A sink that only counts events by kind and sums traded size: the cheapest complete sink,
/// for benchmarks and for checking conservation without storing a stream.
public struct EventCounter: EventSink, Sendable, Hashable {
    /// Accepted orders.
    public private(set) var accepted = 0
    /// Rejected operations.
    public private(set) var rejected = 0
    /// Fills.
    public private(set) var fills = 0
    /// Cancel events (any reason).
    public private(set) var cancelled = 0
    /// L2 and L3 book-change events.
    public private(set) var bookChanges = 0
    /// Sum of the sizes of all fills.
    public private(set) var filledSize: Int64 = 0

    /// All counts zero.
    public init() {}

    /// Every event counted.
    public var total: Int { accepted + rejected + fills + cancelled + bookChanges }

    public mutating func receive(_ event: BookEvent) {
        switch event {
        case .accepted: accepted += 1
        case .rejected: rejected += 1
        case .fill(let fill):
            fills += 1
            filledSize += fill.size
        case .cancelled: cancelled += 1
        case .levelChanged, .orderAdded, .orderReduced, .orderReplaced, .orderRemoved: bookChanges += 1
        }
    }
}
