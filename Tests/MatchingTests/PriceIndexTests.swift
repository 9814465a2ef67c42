import TestSupport
import Testing

@testable import Matching

@Suite("Price index")
struct PriceIndexTests {
    @Test("random inserts and removes agree with a dictionary, even with clustered prices, as the table grows")
    func agreesWithDictionary() {
        var rng = seededRandom(7)
        var index = PriceIndex()
        #expect(index.prices.count == 16)
        var model: [Int64: Int32] = [:]
        for step in 0..<50_000 {
            let price = Int64.random(in: 1...96, using: &rng) * (step % 2 == 0 ? 1 : 1_024)
            if model[price] != nil {
                index.remove(price)
                model[price] = nil
            } else if model.count < 64 {
                let handle = Int32(step % 1_000)
                index.insert(price, handle: handle)
                model[price] = handle
            }
            let probe = Int64.random(in: 1...96, using: &rng) * 1_024
            #expect(index.handle(at: probe) == model[probe])
            #expect(index.handle(at: price) == model[price])
            #expect(index.count == model.count)
            #expect(2 * index.count <= index.prices.count)
        }
        // Grown by rehashing from 16 slots to what 64 prices need, and no further.
        #expect(index.prices.count == PriceIndex.slotCount(capacity: 64))
    }

    @Test("the table has at least twice the capacity, in a power of two")
    func size() {
        #expect(PriceIndex.slotCount(capacity: 1_000) == 2_048)
        #expect(PriceIndex.slotCount(capacity: 1) == 16)
    }
}
