/// A sink that only counts events by kind and sums traded size: the cheapest complete sink,
/// for benchmarks and for checking conservation without storing a stream.
public struct EventCounter: EventSink, Sendable, Hashable {
    // Internal stored counts with public read-only views, so `receive` can be inlined
    // into the hot loop of another module.
    @usableFromInline var counts = (accepted: 0, rejected: 0, fills: 0, cancelled: 0, bookChanges: 0)
    @usableFromInline var traded: Int64 = 0

    /// All counts zero.
    public init() {}

    /// Accepted orders.
    public var accepted: Int { counts.accepted }
    /// Rejected operations.
    public var rejected: Int { counts.rejected }
    /// Fills.
    public var fills: Int { counts.fills }
    /// Cancel events (any reason).
    public var cancelled: Int { counts.cancelled }
    /// L2 and L3 book-change events.
    public var bookChanges: Int { counts.bookChanges }
    /// Sum of the sizes of all fills.
    public var filledSize: Int64 { traded }
    /// Every event counted.
    public var total: Int { accepted + rejected + fills + cancelled + bookChanges }

    @inlinable
    public mutating func receive(_ event: BookEvent) {
        switch event {
        case .accepted: counts.accepted += 1
        case .rejected: counts.rejected += 1
        case .fill(let fill):
            counts.fills += 1
            traded += fill.size
        case .cancelled: counts.cancelled += 1
        case .levelChanged, .orderAdded, .orderReduced, .orderReplaced, .orderRemoved: counts.bookChanges += 1
        }
    }

    public static func == (lhs: EventCounter, rhs: EventCounter) -> Bool {
        lhs.counts == rhs.counts && lhs.traded == rhs.traded
    }

    public func hash(into hasher: inout Hasher) {
        for count in [accepted, rejected, fills, cancelled, bookChanges] { hasher.combine(count) }
        hasher.combine(traded)
    }
}
