import Matching

/// Writes a synthetic operation stream shaped like exchange-core's benchmark mix: after a
/// warm-up that fills the book, about 9% GTC orders, 3% IOC, 6% cancels and 82% replaces
/// (moves), over ~1k active price levels around a mid price, with 10k+ resting orders and a
/// few hundred owners. A FastBook runs alongside so cancels and moves name live orders.
struct StreamGenerator {
    static let maxCount = 50_000_000
    static let midPrice: Int64 = 100_000
    /// Passive orders rest up to this many ticks from the mid, denser near it.
    static let bandTicks = 500
    static let targetResting = 12_000
    static let owners = 300

    private let count: Int
    private var rng: SplitMix64
    private var book: FastBook
    private var live: LiveOrders
    private var nextID: UInt32 = 0
    private var line: [UInt8] = []

    init(count: Int, seed: UInt64) throws(MatchingError) {
        precondition((1...Self.maxCount).contains(count), "the command checks the count")
        self.count = count
        rng = SplitMix64(seed: seed)
        let capacity = try BookCapacity(maxRestingOrders: 1 << 20, maxPriceLevels: 1 << 16, maxOrderIDs: UInt32(count + 1))
        book = FastBook(rules: try MarketRules(), capacity: capacity)
        live = LiveOrders(idSpace: count + 1)
    }

    /// Generates the stream, handing JSON lines to `emit` in chunks.
    mutating func generate(emit: ([UInt8]) -> Void) {
        var output: [UInt8] = []
        for _ in 0..<count {
            nextLine()
            output += line
            if output.count >= Replay.chunkBytes {
                emit(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        emit(output)
    }

    private mutating func nextLine() {
        let warm = live.count >= Self.targetResting
        switch warm ? roll(100) : 0 {
        case 0..<9: newOrder(.goodTillCancel)
        case 9..<12: newOrder(.immediateOrCancel)
        case 12..<18: cancel()
        default: move()
        }
    }

    private mutating func roll(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &rng) }

    /// Ticks from the mid, small ones far more likely (so levels near the mid are busy).
    private mutating func offset() -> Int64 { Int64(roll(Self.bandTicks) * roll(Self.bandTicks) / Self.bandTicks) }

    private var mid: Int64 {
        guard let bid = book.bestPrice(.buy), let ask = book.bestPrice(.sell) else { return Self.midPrice }
        return (bid + ask) / 2
    }

    private mutating func size() -> Int64 { Int64(1 + roll(10) * roll(10)) }

    private mutating func newOrder(_ tif: TimeInForce) {
        let side: Side = roll(2) == 0 ? .buy : .sell
        let crossing = tif == .immediateOrCancel || roll(10) == 0
        let distance = crossing ? -Int64(roll(3)) : 1 + offset()
        let price = max(1, side == .buy ? mid - distance : mid + distance)
        let order = NewOrder(
            id: OrderID(nextID), owner: OwnerID(UInt32(roll(Self.owners))), side: side, price: price, size: size(),
            timeInForce: tif)
        nextID += 1
        apply(.submit(order))
        line = Array(
            (#"{"op":"new","id":"o\#(order.id.rawValue)","owner":"u\#(order.owner.rawValue)","side":"\#(side == .buy ? "buy" : "sell")","#
                + #""price":\#(price),"qty":\#(order.size),"tif":"\#(tif == .goodTillCancel ? "gtc" : "ioc")"}"# + "\n").utf8)
    }

    private mutating func cancel() {
        guard let id = randomLive() else { return newOrder(.goodTillCancel) }
        apply(.cancel(id))
        line = Array(#"{"op":"cancel","id":"o\#(id.rawValue)"}"#.utf8) + [UInt8(ascii: "\n")]
    }

    /// Moves a live order a few ticks (sometimes across the spread) and sometimes resizes it.
    private mutating func move() {
        guard let id = randomLive(), let order = book.order(id) else { return newOrder(.goodTillCancel) }
        let price = max(1, order.price + Int64(roll(7)) - 3)
        let size = roll(4) == 0 ? size() : order.size
        let request = ReplaceRequest(id: id, newID: OrderID(nextID), price: price, size: size)
        nextID += 1
        apply(.replace(request))
        line = Array(
            (#"{"op":"replace","id":"o\#(id.rawValue)","new_id":"o\#(request.newID.rawValue)","#
                + #""price":\#(price),"qty":\#(size)}"# + "\n").utf8)
    }

    private mutating func randomLive() -> OrderID? {
        live.count == 0 ? nil : live.ids[roll(live.count)]
    }

    private mutating func apply(_ operation: BookOperation) {
        operation.apply(to: &book, into: &live)
    }
}
