extension BookEvent {
    /// The order IDs this event names, in order (a fill: maker then taker; a replace: old
    /// then new). Whoever interned external IDs to dense ones maps these back.
    public var orderIDs: [OrderID] {
        switch self {
        case let .accepted(id): [id]
        case let .rejected(id, _): id.map { [$0] } ?? []
        case let .fill(fill): [fill.maker, fill.taker]
        case let .cancelled(id, _, _): [id]
        case .levelChanged: []
        case let .orderAdded(id, _, _, _, _): [id]
        case let .orderReduced(id, _): [id]
        case let .orderReplaced(id, newID, _): [id, newID]
        case let .orderRemoved(id): [id]
        }
    }
}
