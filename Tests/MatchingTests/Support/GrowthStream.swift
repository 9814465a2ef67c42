import Matching
import PropertyBased
import TestSupport

/// A seeded stream that makes a book grow and shrink again and again, so its pools double
/// many times with cancels in between: phases that fill (mostly resting orders over a wide
/// band of prices, some crossing, some with an expiry) alternate with phases that drain
/// (mostly cancels, mass cancels and crossing orders), and heights advance so orders expire.
/// Fill phases run into both `book_full` limits of `capacity`.
struct GrowthStream {
    /// Limits that are not powers of two, so the last doubling is clamped to the limit.
    static let capacity = try! BookCapacity(
        maxRestingOrders: 1_500, maxPriceLevels: 300, maxOrderIDs: 400_000)
    static let rules = MarketRules.with(maker: 5, taker: 9, policy: .cancelResting, bounds: 1...2_000)
    /// Mid price: bids rest below it, asks above.
    static let mid: Int64 = 1_000

    private var rng: Xoshiro
    private var nextID: UInt32 = 0
    /// IDs that may still rest (some have filled or expired; cancelling those is refused).
    private var live: [UInt32] = []
    private var height: UInt64 = 0
    private var filling = true
    private var phaseLeft = 0

    init(seed: UInt64) {
        rng = seededRandom(seed)
    }

    mutating func next() -> BookOperation {
        if phaseLeft == 0 {
            filling.toggle()
            phaseLeft = filling ? 2_000 + roll(4_000) : 300 + roll(3_000)
        }
        phaseLeft -= 1
        let kind = roll(100)
        if filling {
            switch kind {
            case 0..<78: return .submit(newOrder(crossing: roll(10) == 0))
            case 78..<86: return .cancel(takeLive())
            case 86..<96: return .replace(replace())
            default: return advance()
            }
        }
        switch kind {
        case 0..<55: return .cancel(takeLive())
        case 55..<60: return .massCancel(OwnerID(UInt32(roll(6))))
        case 60..<75: return .submit(newOrder(crossing: true))
        case 75..<90: return .submit(newOrder(crossing: false))
        default: return advance()
        }
    }

    private mutating func roll(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &rng) }

    private mutating func freshID() -> UInt32 {
        nextID += 1
        precondition(nextID < Self.capacity.maxOrderIDs, "stream longer than its ID space")
        return nextID
    }

    /// A live ID taken out of the list (the cancel or replace ends it either way).
    private mutating func takeLive() -> OrderID {
        guard !live.isEmpty else { return OrderID(0) }
        let index = roll(live.count)
        live.swapAt(index, live.count - 1)
        return OrderID(live.removeLast())
    }

    private mutating func advance() -> BookOperation {
        height += UInt64(roll(2))
        return .advance(toHeight: height)
    }

    /// A resting order on its own side of the mid over up to 200 ticks (so up to 400 levels
    /// are asked for), or one priced through the mid that trades.
    private mutating func newOrder(crossing: Bool) -> NewOrder {
        let side: Side = roll(2) == 0 ? .buy : .sell
        let offset = Int64(1 + roll(crossing ? 30 : 200))
        let price = (side == .buy) == crossing ? Self.mid + offset : Self.mid - offset
        let tif: TimeInForce =
            crossing ? [.goodTillCancel, .immediateOrCancel][roll(2)] : .goodTillCancel
        let expiry: UInt64? = roll(8) == 0 ? height + UInt64(roll(20)) : nil
        let id = freshID()
        if tif == .goodTillCancel { live.append(id) }
        return NewOrder(
            id: OrderID(id), owner: OwnerID(UInt32(roll(6))), side: side, price: price,
            size: Int64(1 + roll(20)),
            timeInForce: tif, expiry: expiry)
    }

    /// Mostly a move by a few ticks or a smaller size; the new ID may rest in its place.
    private mutating func replace() -> ReplaceRequest {
        let id = takeLive()
        let newID = freshID()
        live.append(newID)
        return ReplaceRequest(
            id: id, newID: OrderID(newID), price: Self.mid + Int64(roll(401)) - 200,
            size: Int64(1 + roll(20)))
    }
}
