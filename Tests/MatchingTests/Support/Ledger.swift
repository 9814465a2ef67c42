import Matching

/// Per-order accounting from an event stream, to check conservation: for every accepted
/// order, original size = filled + cancelled + still resting.
struct OrderLedger {
    private(set) var original: [OrderID: Int64] = [:]
    private(set) var filled: [OrderID: Int64] = [:]
    private(set) var cancelled: [OrderID: Int64] = [:]

    /// Records the events of one operation; `size` is the size the operation asked for.
    /// Returns the orders the events touched.
    @discardableResult
    mutating func record(_ events: [BookEvent], askedSize size: Int64) -> [OrderID] {
        var touched: [OrderID] = []
        for event in events {
            switch event {
            case .accepted(let id):
                original[id] = size
                touched.append(id)
            case .fill(let fill):
                filled[fill.maker, default: 0] += fill.size
                filled[fill.taker, default: 0] += fill.size
                touched += [fill.maker, fill.taker]
            case .cancelled(let id, _, let cancelledSize):
                cancelled[id, default: 0] += cancelledSize
                touched.append(id)
            default: break
            }
        }
        return touched
    }

    /// Every order accepted so far, sorted by ID.
    var orders: [OrderID] { original.keys.sorted() }

    /// The orders among `ids` whose books do not balance.
    func unbalanced(_ ids: [OrderID], in book: some OrderBook) -> [OrderID] {
        ids.filter { id in
            original[id] != filled[id, default: 0] + cancelled[id, default: 0] + (book.order(id)?.size ?? 0)
        }
    }
}

extension OrderBook {
    /// True when the best bid is below the best ask (or a side is empty).
    var isUncrossed: Bool {
        guard let bid = bestPrice(.buy), let ask = bestPrice(.sell) else { return true }
        return bid < ask
    }
}

/// True when `fee` is `ceil(price × size × bps / 10_000)`: at least the exact fee and less than
/// one unit above it. Inputs are small enough for `Int64`.
func isCeilFee(_ fee: Int64, price: Int64, size: Int64, bps: Int64) -> Bool {
    let exactTimes10k = price * size * bps
    return fee * 10_000 >= exactTimes10k && (fee - 1) * 10_000 < exactTimes10k
}
