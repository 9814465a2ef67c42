@testable import LodestoneReplay
import Matching
import Testing

@Suite("Stream generator")
struct StreamGeneratorTests {
    @Test("the same seed gives the same stream; another seed another")
    func deterministic() throws {
        #expect(try generated(500, seed: 9) == (try generated(500, seed: 9)))
        #expect(try generated(500, seed: 9) != (try generated(500, seed: 10)))
    }

    @Test("after warm-up the mix is about 9% GTC, 3% IOC, 6% cancel, 82% replace, on a deep book")
    func mix() throws {
        let count = 40_000
        let input = ReplayInput(Array(try generated(count, seed: 7).utf8))
        let operations = input.records.compactMap { if case .operation(let op) = $0.record { op } else { nil } }
        #expect(operations.count == count)
        let afterWarmUp = operations.dropFirst(StreamGenerator.targetResting + 2_000)
        func share(_ match: (BookOperation) -> Bool) -> Int { afterWarmUp.filter(match).count * 100 / afterWarmUp.count }
        #expect((7...11).contains(share { if case .submit(let o) = $0 { o.timeInForce == .goodTillCancel } else { false } }))
        #expect((2...4).contains(share { if case .submit(let o) = $0 { o.timeInForce == .immediateOrCancel } else { false } }))
        #expect((4...8).contains(share { if case .cancel = $0 { true } else { false } }))
        #expect((78...86).contains(share { if case .replace = $0 { true } else { false } }))

        var book = FastBook(rules: try MarketRules(), capacity: try Replay.capacity(for: input, maxRestingOrders: 1 << 16, maxPriceLevels: 1 << 12))
        var counter = EventCounter()
        for operation in operations { operation.apply(to: &book, into: &counter) }
        #expect(book.restingOrderCount >= 10_000)
        #expect((600...1_400).contains(book.priceLevelCount))
        #expect(Set(input.owners.names).count >= 250)
        #expect(counter.rejected == 0)
        #expect(counter.fills > 0)
    }
}
