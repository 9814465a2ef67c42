import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Crypto

@Suite("Multiset hash accumulator: batches, removal, merging and limits")
struct MultisetHashAccumulatorTests {
    let setGen = Gen.uint8().array(of: 0...24).array(of: 0...10)

    @Test("inserting the same elements in a shuffled order gives the same hash")
    func orderIndependence() throws {
        var rng = seededRandom(0xEC21)
        try seededCheck(seed: 0xEC22, count: 40, setGen) { elements, _ in
            let shuffled = try multisetHash(elements.shuffled(using: &rng))
            #expect(try shuffled == multisetHash(elements))
        }
    }

    @Test("inserting then removing the same elements in one batch returns to the previous value")
    func insertRemoveSameBatch() throws {
        var rng = seededRandom(0xEC23)
        try seededCheck(seed: 0xEC24, count: 40, zip(setGen, setGen)) { sets, _ in
            let (base, extra) = sets
            let before = try multisetHash(base)
            var batch = MultisetHashAccumulator()
            for element in extra { try batch.insert(element) }
            for element in extra.shuffled(using: &rng) { try batch.remove(element) }
            #expect(batch.applied(to: before) == before)
        }
    }

    @Test("removing in a later batch than the insert returns to the previous value")
    func insertRemoveSeparateBatches() throws {
        try seededCheck(seed: 0xEC25, count: 40, zip(setGen, setGen)) { sets, _ in
            let (base, extra) = sets
            let before = try multisetHash(base)
            var inserts = MultisetHashAccumulator()
            var removes = MultisetHashAccumulator()
            for element in extra {
                try inserts.insert(element)
                try removes.remove(element)
            }
            let during = inserts.applied(to: before)
            #expect(removes.applied(to: during) == before)
        }
    }

    @Test("a set built over many batches of inserts and removes equals the same set hashed from scratch")
    func incrementalEqualsScratch() throws {
        let blocksGen = Gen.uint8().array(of: 1...12).array(of: 0...8).array(of: 10...25)
        var rng = seededRandom(0xEC26)
        try seededCheck(seed: 0xEC27, count: 8, blocksGen) { blocks, _ in
            var state = MultisetHash.empty
            var live: [[UInt8]] = []
            for created in blocks {
                var batch = MultisetHashAccumulator()
                // Spend a random part of what exists, like a block's inputs.
                for _ in 0..<Int.random(in: 0...live.count, using: &rng) {
                    try batch.remove(live.remove(at: Int.random(in: 0..<live.count, using: &rng)))
                }
                for element in created { try batch.insert(element) }
                live += created
                state = batch.applied(to: state)
            }
            #expect(state == (try multisetHash(live)))
        }
    }

    @Test("accumulators filled on concurrent tasks and merged in completion order equal one sequential batch")
    func concurrentMerge() async throws {
        var elements: [[UInt8]] = []
        seededCheck(seed: 0xEC28, count: 200, Gen.uint8().array(of: 1...40)) { element, _ in elements.append(element) }
        let chunks = stride(from: 0, to: elements.count, by: 50).map { Array(elements[$0..<min($0 + 50, elements.count)]) }
        let merged = try await withThrowingTaskGroup(of: MultisetHashAccumulator.self) { group in
            for chunk in chunks {
                group.addTask {
                    var batch = MultisetHashAccumulator()
                    for element in chunk { try batch.insert(element) }
                    return batch
                }
            }
            var merged = MultisetHashAccumulator()
            for try await batch in group { merged.merge(batch) }
            return merged
        }
        #expect(merged.count == elements.count)
        #expect(try merged.applied(to: .empty) == multisetHash(elements))
    }

    @Test("an empty batch leaves any state unchanged")
    func emptyBatch() throws {
        let state = try multisetHash([[1], [2]])
        #expect(MultisetHashAccumulator().applied(to: state) == state)
        #expect(MultisetHashAccumulator().applied(to: .empty) == .empty)
    }

    @Test("batches split over any number of threads, merged in any order, equal one batch with the same work")
    func splitsEqualOneBatch() throws {
        var rng = seededRandom(0xEC29)
        try seededCheck(seed: 0xEC2A, count: 10, zip(setGen, setGen, Gen.int(in: 1...6))) { sample, _ in
            let (inserted, removed, parts) = sample
            var whole = MultisetHashAccumulator()
            for element in inserted { try whole.insert(element) }
            for element in removed { try whole.remove(element) }
            var batches = [MultisetHashAccumulator](repeating: MultisetHashAccumulator(), count: parts)
            for element in inserted { try batches[Int.random(in: 0..<parts, using: &rng)].insert(element) }
            for element in removed { try batches[Int.random(in: 0..<parts, using: &rng)].remove(element) }
            var merged = MultisetHashAccumulator()
            for batch in batches.shuffled(using: &rng) { merged.merge(batch) }
            #expect(merged.count == whole.count)
            let base = try multisetHash([[9]])
            #expect(merged.applied(to: base) == whole.applied(to: base))
        }
    }

    @Test(
        "differential: random inserts and removes, in any order, split over accumulators and blocks, equal the rebuild of the final multiset"
    )
    func differentialAgainstRebuild() throws {
        // Each sample is a history of blocks; each block inserts new elements and removes
        // live ones, in a shuffled order, spread over a random number of accumulators that
        // are merged in a random order. The result must be the state hashed from scratch
        // from whatever is live at the end, in one batch, in another order.
        let sampleGen = zip(Gen.uint8().array(of: 0...40).array(of: 1...30).array(of: 1...8), Gen.int(in: 1...5))
        var rng = seededRandom(0xEC2C)
        try seededCheck(seed: 0xEC2B, count: 25, sampleGen) { sample, _ in
            let (blocks, parts) = sample
            var state = MultisetHash.empty
            var live: [[UInt8]] = []
            for created in blocks {
                var work: [(element: [UInt8], insert: Bool)] = created.map { ($0, true) }
                for _ in 0..<Int.random(in: 0...live.count, using: &rng) {
                    work.append((live.remove(at: Int.random(in: 0..<live.count, using: &rng)), false))
                }
                live += created
                var batches = [MultisetHashAccumulator](repeating: MultisetHashAccumulator(), count: parts)
                for item in work.shuffled(using: &rng) {
                    let part = Int.random(in: 0..<parts, using: &rng)
                    if item.insert { try batches[part].insert(item.element) } else { try batches[part].remove(item.element) }
                }
                var merged = MultisetHashAccumulator()
                for batch in batches.shuffled(using: &rng) { merged.merge(batch) }
                #expect(merged.count == work.count)
                state = merged.applied(to: state)
            }
            #expect(state == (try multisetHash(live.shuffled(using: &rng))))
            #expect(state.canonicalBytes == (try multisetHash(live)).canonicalBytes)
        }
    }
}
