@testable import Matching
import Testing

@Suite("Price ladder")
struct PriceLadderTests {
    @Test("the best level is last: highest bid, lowest ask", arguments: Side.allCases)
    func bestIsLast(side: Side) {
        var ladder = PriceLadder(side: side, capacity: 8)
        for (handle, price) in [Int64(100), 102, 101].enumerated() {
            ladder.insert(price: price, handle: Int32(handle), at: ladder.position(of: price).index)
        }
        #expect(ladder.best == (side == .buy ? 1 : 0))
        #expect((0..<3).map(ladder.price(at:)) == (side == .buy ? [100, 101, 102] : [102, 101, 100]))
        #expect(ladder.handle(at: 101) == 2)
        ladder.remove(price: 101)
        #expect(ladder.handle(at: 101) == nil)
        #expect(ladder.count == 2)
        #expect(ladder.position(of: 101) == (1, false))
    }
}
