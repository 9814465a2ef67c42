@testable import Chain
@testable import ChainFixtures
import Crypto
import Primitives
import Storage
import Testing
import TestSupport

@Suite("ParallelMultiset: the UTXO-set commitment on all cores")
struct ParallelMultisetTests {
    /// The state after `blocks` seeded random blocks.
    func flowState(blocks: Int, seed: UInt64) throws -> ChainState {
        var flow = RandomFlow(seed: seed)
        for _ in 0..<blocks {
            let inputs = try flow.nextBlock()
            _ = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
        }
        return flow.f.state
    }

    @Test("the set's commitment is the same with 1…8 workers and with the items in any order")
    func independentOfSplitAndOrder() throws {
        let items = try flowState(blocks: 6, seed: 0x9A11_0001).utxos.sortedEntries()
        let half = items.count / 2
        let (inserted, removed) = (Array(items[..<half]), Array(items[half...]))
        let base = try ParallelMultiset.commitment(from: .empty, inserting: removed, removing: [])
        let reference = try ParallelMultiset.accumulate(inserting: inserted, removing: removed, workers: 1).applied(to: base)
        var rng = seededRandom(0x9A11_0002)
        for workers in 1...8 {
            let batch = try ParallelMultiset.accumulate(
                inserting: inserted.shuffled(using: &rng), removing: removed.shuffled(using: &rng), workers: workers)
            #expect(batch.count == items.count)
            #expect(try batch.applied(to: base) == reference)
        }
        #expect(reference == (try ParallelMultiset.commitment(from: .empty, inserting: inserted, removing: [])))
    }

    @Test("more workers than items still hash each item once")
    func moreWorkersThanItems() throws {
        let items = Array(try flowState(blocks: 0, seed: 0x9A11_0003).utxos.sortedEntries().prefix(3))
        let batch = try ParallelMultiset.accumulate(inserting: items, removing: [], workers: 8)
        #expect(batch.count == 3)
        #expect(try batch.applied(to: .empty) == ParallelMultiset.commitment(from: .empty, inserting: items, removing: []))
    }

    @Test("inserting then removing the same entries returns to the previous commitment")
    func insertThenRemove() throws {
        let state = try flowState(blocks: 3, seed: 0x9A11_0004)
        let items = state.utxos.sortedEntries()
        let grown = try ParallelMultiset.commitment(from: state.commitment, inserting: items, removing: [])
        #expect(grown != state.commitment)
        #expect(try ParallelMultiset.commitment(from: grown, inserting: [], removing: items) == state.commitment)
    }

    @Test("the commitment kept block by block over 30 random blocks equals the set's hashed from scratch")
    func incrementalEqualsScratch() throws {
        let state = try flowState(blocks: 30, seed: 0x9A11_0005)
        #expect(try ChainStore<MemoryStore>.commitment(of: state.utxos) == state.commitment)
    }
}
