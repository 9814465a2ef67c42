import Matching

/// An event sink that keeps the set of resting order IDs, so a generator can pick a random
/// live order in O(1): a dense array of IDs plus each ID's position in it.
public struct LiveOrders: EventSink, Sendable {
    public private(set) var ids: [OrderID] = []
    private var positions: [Int32]

    /// Tracks IDs in `0..<idSpace`.
    public init(idSpace: Int) {
        positions = Array(repeating: -1, count: idSpace)
    }

    public var count: Int { ids.count }

    public mutating func receive(_ event: BookEvent) {
        switch event {
        case .orderAdded(let id, _, _, _, _):
            positions[Int(id.rawValue)] = Int32(ids.count)
            ids.append(id)
        case .orderRemoved(let id):
            let position = Int(positions[Int(id.rawValue)])
            let last = ids.removeLast()
            if position < ids.count {
                ids[position] = last
                positions[Int(last.rawValue)] = Int32(position)
            }
            positions[Int(id.rawValue)] = -1
        case .orderReplaced(let id, let newID, _):
            let position = positions[Int(id.rawValue)]
            ids[Int(position)] = newID
            positions[Int(newID.rawValue)] = position
            positions[Int(id.rawValue)] = -1
        default:
            break
        }
    }
}
