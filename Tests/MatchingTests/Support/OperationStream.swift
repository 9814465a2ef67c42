import Matching
import PropertyBased
import TestSupport

/// A seeded stream of operations over a narrow price band, so orders cross often: every time
/// in force, few owners (frequent self-trades), cancels and replaces of recent IDs (some
/// already gone), mass cancels, heights and expiries, and a sprinkle of invalid input.
struct OperationStream {
    static let idSpace: UInt32 = 200_000
    /// Small enough that streams run into both `book_full` limits.
    static let capacity = try! BookCapacity(maxRestingOrders: 24, maxPriceLevels: 10, maxOrderIDs: idSpace)
    let rules: MarketRules
    private var rng: Xoshiro
    private var nextID: UInt32 = 0
    private var recent: [UInt32] = []
    private var height: UInt64 = 0

    init(seed: UInt64, rules: MarketRules) {
        self.rules = rules
        rng = seededRandom(seed)
    }

    /// Rules varied by seed: grid, fees that round, and each self-trade policy.
    static func rules(seed: UInt64) -> MarketRules {
        let policy = SelfTradePolicy.allCases[Int(seed % 3)]
        return seed % 2 == 0
            ? .with(max: 20, maker: 7, taker: 13, policy: policy, bounds: 1...200)
            : .with(tick: 5, lot: 2, min: 4, max: 40, maker: 3, taker: 30, policy: policy, bounds: 5...1_000)
    }

    mutating func next() -> BookOperation {
        let kind = roll(100)
        switch kind {
        case 0..<45: return .submit(newOrder())
        case 45..<60: return .cancel(OrderID(pickID()))
        case 60..<88: return .replace(replace())
        case 88..<90: return .massCancel(OwnerID(UInt32(roll(4))))
        default:
            height += UInt64(roll(3))
            return .advance(toHeight: roll(50) == 0 ? height / 2 : height)
        }
    }

    private mutating func roll(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &rng) }

    private mutating func freshID() -> UInt32 {
        // Now and then a used or out-of-space ID, to exercise those refusals.
        if roll(100) == 0, let used = recent.last { return used }
        if roll(500) == 0 { return Self.idSpace + 1 }
        nextID += 1
        precondition(nextID < Self.idSpace, "stream longer than its ID space")
        recent.append(nextID)
        if recent.count > 48 { recent.removeFirst() }
        return nextID
    }

    private mutating func pickID() -> UInt32 { recent.isEmpty ? 0 : recent[roll(recent.count)] }

    /// Mostly one of 12 ticks; now and then not positive, off the grid or out of bounds.
    private mutating func price() -> Int64 {
        let valid = Int64(30 + roll(12)) * rules.tickSize
        switch roll(200) {
        case 0: return -valid * Int64(roll(2))
        case 1: return valid + 1
        case 2: return rules.priceBounds.upperBound + rules.tickSize
        default: return valid
        }
    }

    /// Mostly the minimum plus up to 5 lots; now and then not positive, not whole lots, under
    /// the minimum or over the maximum.
    private mutating func size() -> Int64 {
        let valid = rules.minSize + Int64(roll(6)) * rules.lotSize
        switch roll(200) {
        case 0: return -valid * Int64(roll(2))
        case 1: return valid + 1
        case 2: return rules.minSize - rules.lotSize
        case 3: return rules.maxSize + rules.lotSize
        default: return valid
        }
    }

    private mutating func newOrder() -> NewOrder {
        let tif = TimeInForce.allCases[[0, 0, 0, 1, 2, 3][roll(6)]]
        // From one below the height (already passed) to a few blocks ahead.
        let expiry: UInt64? = roll(4) == 0 ? max(height, 1) - 1 + UInt64(roll(6)) : nil
        return NewOrder(
            id: OrderID(freshID()), owner: OwnerID(UInt32(roll(4))), side: roll(2) == 0 ? .buy : .sell, price: price(),
            size: size(), timeInForce: tif, expiry: expiry)
    }

    private mutating func replace() -> ReplaceRequest {
        let id = pickID()
        let newID = roll(100) == 0 ? id : freshID()
        return ReplaceRequest(id: OrderID(id), newID: OrderID(newID), price: price(), size: size())
    }
}
