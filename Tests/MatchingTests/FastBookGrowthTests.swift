import Matching
import PropertyBased
import TestSupport
import Testing

/// `FastBook` allocates as it grows: capacity is a limit, not an allocation.
@Suite("FastBook growth")
struct FastBookGrowthTests {
    /// The chain's limits per market (Chain's `Exchange.capacity`).
    static let chainCapacity = try! BookCapacity(
        maxRestingOrders: 1 << 18, maxPriceLevels: 1 << 16, maxOrderIDs: 1 << 19)
    /// What malloc may round a large allocation up by (one page), in elements of `stride` bytes.
    static func mallocSlack(stride: Int) -> Int { 4_096 / stride + 1 }

    @Test("an empty book allocates no slots and costs under a kilobyte, whatever its limits")
    func emptyBookIsSmall() {
        let book = FastBook(rules: .plain, capacity: Self.chainCapacity)
        let allocation = book.allocation
        #expect(allocation.orderSlots == 0)
        #expect(allocation.levelSlots == 0)
        #expect(allocation.orderIDSlots == 0)
        #expect(allocation.expirySlots == 0)
        #expect(allocation.priceIndexSlots == 32)
        #expect(allocation.totalBytes < 1_024)
        // What the limits would have cost allocated up front.
        #expect(FastBook.footprint(Self.chainCapacity).totalBytes > 20_000_000)
        #expect(book._checkInvariants() == nil)
    }

    @Test("one resting order takes the pools' first allocation, a few kilobytes")
    func oneOrderIsSmall() throws {
        var book = FastBook(rules: .plain, capacity: Self.chainCapacity)
        var counter = EventCounter()
        try book.submit(buy(7, 100, 5, expiry: 9), into: &counter)
        let allocation = book.allocation
        #expect((16..<32).contains(allocation.orderSlots))
        #expect((16..<32).contains(allocation.levelSlots))
        #expect((16..<32).contains(allocation.orderIDSlots))
        #expect((16..<32).contains(allocation.expirySlots))
        #expect(allocation.totalBytes < 4_096)
        #expect(book._checkInvariants() == nil)
    }

    @Test("the pools double up to the limit, then book_full refuses at the limit and changes nothing")
    func refusesAtTheLimit() throws {
        // Not powers of two: the last doubling is clamped to the limit. 3 000 order slots are
        // past malloc's mmap threshold, where it rounds up to whole pages.
        let capacity = try BookCapacity(
            maxRestingOrders: 3_000, maxPriceLevels: 300, maxOrderIDs: 5_000)
        var book = FastBook(rules: .plain, capacity: capacity)
        var counter = EventCounter()
        var allocations: Set<Int> = []
        for index in 0..<3_000 {
            try book.submit(buy(UInt32(index), Int64(1 + index % 300), 1), into: &counter)
            allocations.insert(book.allocation.orderSlots)
        }
        #expect(book.restingOrderCount == 3_000)
        #expect(book.priceLevelCount == 300)
        // 16, 32, … 2 048, then the limit (malloc may round each up a little).
        #expect((8...10).contains(allocations.count))
        #expect(book.allocation.orderSlots >= 3_000)
        #expect(book.allocation.orderSlots <= 3_000 + Self.mallocSlack(stride: 48))
        #expect(book.allocation.levelSlots <= 300 + Self.mallocSlack(stride: 32))
        #expect(book._checkInvariants() == nil)

        let before = Snapshot(book)
        #expect(throws: MatchingError.bookFull(.restingOrders)) {
            try book.submit(buy(3_000, 5, 1), into: &counter)
        }
        #expect(MatchingError.bookFull(.restingOrders).code == 4011)
        #expect(Snapshot(book) == before)
        try book.cancel(OrderID(0), into: &counter)
        #expect(throws: MatchingError.bookFull(.priceLevels)) {
            try book.submit(buy(3_001, 400, 1), into: &counter)
        }
        try book.submit(buy(3_002, 1, 1), into: &counter)
        #expect(book.restingOrderCount == 3_000)
        #expect(book._checkInvariants() == nil)
    }

    @Test("a copy grows on its own: the original keeps its orders and its allocation")
    func copiesAreIndependent() throws {
        var original = FastBook(rules: .plain, capacity: .small)
        var counter = EventCounter()
        try original.submit(sell(1, 120, 3), into: &counter)
        let snapshot = Snapshot(original)
        let allocation = original.allocation
        var copy = original
        for index in UInt32(2)..<60 {
            try copy.submit(buy(index, Int64(80 + index % 15), 2), into: &counter)
        }
        try copy.cancel(OrderID(1), into: &counter)
        #expect(copy.restingOrderCount == 58)
        #expect(Snapshot(original) == snapshot)
        #expect(original.allocation == allocation)
        #expect(original._checkInvariants() == nil)
        #expect(copy._checkInvariants() == nil)
    }

    /// Growth across many doublings, with cancels in between and a copy of the book at the
    /// end of each "block" (as the chain keeps the last block's books), so the copy's pools
    /// start at their contents and grow again: the fast book's events stay identical to the
    /// reference model's, operation by operation, and its structure stays sound.
    @Test(
        "growing and shrinking books give the reference book's events",
        arguments: [UInt64(101), 102, 103])
    func growthMatchesReference(seed: UInt64) {
        var stream = GrowthStream(seed: seed)
        var reference = ReferenceBook(rules: GrowthStream.rules, capacity: GrowthStream.capacity)
        var fast = FastBook(rules: GrowthStream.rules, capacity: GrowthStream.capacity)
        var committed = fast
        var rng = seededRandom(seed)
        var blockLeft = 0
        var blocks = 0
        var growths = 0
        var largest = 0
        var full = 0
        var mostResting = 0
        var referenceLog = EventLog()
        var fastLog = EventLog()
        for step in 0..<40_000 {
            if blockLeft == 0 {
                committed = fast
                blockLeft = Int.random(in: 1...400, using: &rng)
                blocks += 1
                if blocks % 8 == 0, let broken = fast._checkInvariants() {
                    Issue.record("seed \(seed) step \(step): \(broken)")
                    return
                }
            }
            blockLeft -= 1
            let slots = fast.allocation.orderSlots
            let operation = stream.next()
            operation.apply(to: &reference, into: &referenceLog)
            operation.apply(to: &fast, into: &fastLog)
            let expected = referenceLog.drain()
            let actual = fastLog.drain()
            guard expected == actual else {
                Issue.record(
                    "seed \(seed) step \(step): \(operation)\nreference \(expected)\nfast      \(actual)")
                return
            }
            if fast.allocation.orderSlots > slots { growths += 1 }
            largest = max(largest, fast.allocation.orderSlots)
            full += actual.filter { if case .rejected(_, .bookFull) = $0 { true } else { false } }.count
            mostResting = max(mostResting, fast.restingOrderCount)
        }
        _ = committed
        #expect(fast._checkInvariants() == nil)
        #expect(fast.levels(.buy) == reference.levels(.buy))
        #expect(fast.levels(.sell) == reference.levels(.sell))
        // Pools grew many times (16 to the limit, and again after copies), up to the limit
        // and not past it, where book_full refused orders.
        #expect(growths >= 10)
        #expect(largest >= GrowthStream.capacity.maxRestingOrders)
        #expect(largest <= GrowthStream.capacity.maxRestingOrders + Self.mallocSlack(stride: 48))
        #expect(mostResting == GrowthStream.capacity.maxRestingOrders)
        #expect(full > 0)
    }
}
