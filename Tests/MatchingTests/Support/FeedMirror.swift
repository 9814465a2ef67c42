import Matching

/// A market-data consumer: rebuilds the book from L2 and L3 events alone, to prove the
/// event stream is complete.
struct FeedMirror {
    struct Key: Hashable {
        let side: Side
        let price: Int64
    }

    struct Entry {
        let side: Side
        let price: Int64
        var size: Int64
    }

    private(set) var totals: [Key: Int64] = [:]
    private(set) var orders: [OrderID: Entry] = [:]

    mutating func apply(_ events: [BookEvent]) {
        for event in events {
            switch event {
            case .levelChanged(let side, let price, let total):
                totals[Key(side: side, price: price)] = total == 0 ? nil : total
            case .orderAdded(let id, _, let side, let price, let size):
                orders[id] = Entry(side: side, price: price, size: size)
            case .orderReduced(let id, let size):
                orders[id]?.size = size
            case .orderReplaced(let id, let newID, let size):
                orders[newID] = orders.removeValue(forKey: id).map { Entry(side: $0.side, price: $0.price, size: size) }
            case .orderRemoved(let id):
                orders[id] = nil
            default:
                break
            }
        }
    }

    /// The levels of one side, best first, as the L2 events say.
    func l2Levels(_ side: Side) -> [(price: Int64, total: Int64)] {
        totals.filter { $0.key.side == side }.map { ($0.key.price, $0.value) }
            .sorted { side == .buy ? $0.price > $1.price : $0.price < $1.price }
    }

    /// The levels of one side, best first, summed from the L3 orders.
    func l3Levels(_ side: Side) -> [PriceLevel] {
        var sums: [Int64: (total: Int64, count: Int)] = [:]
        for entry in orders.values where entry.side == side {
            sums[entry.price, default: (0, 0)].total += entry.size
            sums[entry.price, default: (0, 0)].count += 1
        }
        return sums.map { PriceLevel(price: $0.key, totalSize: $0.value.total, orderCount: $0.value.count) }
            .sorted { side == .buy ? $0.price > $1.price : $0.price < $1.price }
    }

    /// True when both feeds agree with the book exactly.
    func matches(_ book: some OrderBook) -> Bool {
        Side.allCases.allSatisfy { side in
            let levels = book.levels(side)
            return l3Levels(side) == levels
                && l2Levels(side).map(\.price) == levels.map(\.price)
                && l2Levels(side).map(\.total) == levels.map(\.totalSize)
        } && orders.allSatisfy { book.order($0.key)?.size == $0.value.size }
    }
}
