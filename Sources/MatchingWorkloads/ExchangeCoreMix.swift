import Matching

/// A synthetic operation stream shaped like exchange-core's benchmark mix: after a warm-up
/// that fills the book, about 9% GTC orders, 3% IOC, 6% cancels and 82% replaces (moves),
/// over ~1k active price levels around a mid price, with 10k+ resting orders and a few
/// hundred owners. A FastBook runs alongside so cancels and moves name live orders; the
/// same seed gives the same stream on every machine. Used by `lodestone-replay --generate`
/// and by the benchmarks.
public struct ExchangeCoreMix {
    public static let maxCount = 50_000_000
    public static let midPrice: Int64 = 100_000
    /// Passive orders rest up to this many ticks from the mid, denser near it.
    public static let bandTicks = 500
    public static let targetResting = 12_000
    public static let owners = 300

    private var remaining: Int
    private var rng: SplitMix64
    private var book: FastBook
    private var live: LiveOrders
    private var nextID: UInt32 = 0

    /// A stream of `count` operations (IDs `0..<count`); `count` in `1...maxCount`.
    public init(count: Int, seed: UInt64) throws(MatchingError) {
        precondition((1...Self.maxCount).contains(count), "callers check the count")
        remaining = count
        rng = SplitMix64(seed: seed)
        let capacity = try BookCapacity(maxRestingOrders: 1 << 20, maxPriceLevels: 1 << 16, maxOrderIDs: UInt32(count + 1))
        book = FastBook(rules: try MarketRules(), capacity: capacity)
        live = LiveOrders(idSpace: count + 1)
    }

    /// The next operation (already applied to the generator's own book), or nil at the end.
    public mutating func next() -> BookOperation? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let operation: BookOperation
        switch live.count >= Self.targetResting ? roll(100) : 0 {
        case 0..<9: operation = newOrder(.goodTillCancel)
        case 9..<12: operation = newOrder(.immediateOrCancel)
        case 12..<18: operation = cancel()
        default: operation = move()
        }
        operation.apply(to: &book, into: &live)
        return operation
    }

    /// The whole stream at once.
    public static func operations(count: Int, seed: UInt64) throws(MatchingError) -> [BookOperation] {
        var mix = try ExchangeCoreMix(count: count, seed: seed)
        var operations = [BookOperation]()
        operations.reserveCapacity(count)
        while let operation = mix.next() { operations.append(operation) }
        return operations
    }

    private mutating func roll(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &rng) }

    /// Ticks from the mid, small ones far more likely (so levels near the mid are busy).
    private mutating func offset() -> Int64 { Int64(roll(Self.bandTicks) * roll(Self.bandTicks) / Self.bandTicks) }

    private var mid: Int64 {
        guard let bid = book.bestPrice(.buy), let ask = book.bestPrice(.sell) else { return Self.midPrice }
        return (bid + ask) / 2
    }

    private mutating func size() -> Int64 { Int64(1 + roll(10) * roll(10)) }

    private mutating func newOrder(_ tif: TimeInForce) -> BookOperation {
        let side: Side = roll(2) == 0 ? .buy : .sell
        let crossing = tif == .immediateOrCancel || roll(10) == 0
        let distance = crossing ? -Int64(roll(3)) : 1 + offset()
        let price = max(1, side == .buy ? mid - distance : mid + distance)
        defer { nextID += 1 }
        return .submit(NewOrder(
            id: OrderID(nextID), owner: OwnerID(UInt32(roll(Self.owners))), side: side, price: price, size: size(),
            timeInForce: tif))
    }

    private mutating func cancel() -> BookOperation {
        guard let id = randomLive() else { return newOrder(.goodTillCancel) }
        return .cancel(id)
    }

    /// Moves a live order a few ticks (sometimes across the spread) and sometimes resizes it.
    private mutating func move() -> BookOperation {
        guard let id = randomLive(), let order = book.order(id) else { return newOrder(.goodTillCancel) }
        let price = max(1, order.price + Int64(roll(7)) - 3)
        let size = roll(4) == 0 ? size() : order.size
        defer { nextID += 1 }
        return .replace(ReplaceRequest(id: id, newID: OrderID(nextID), price: price, size: size))
    }

    private mutating func randomLive() -> OrderID? {
        live.count == 0 ? nil : live.ids[roll(live.count)]
    }
}
