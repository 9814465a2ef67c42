import Crypto
import Foundation
import Primitives

/// Hashes a batch of UTXO-set insertions and removals on all cores. Each worker fills its
/// own accumulator from one contiguous slice of the work (insertions first, then removals)
/// and the accumulators are merged: LtHash's lane-wise sum does not depend on the split or
/// the order, so every node gets the same result whatever its core count. The expansions
/// (one BLAKE3 XOF per element) are the whole cost; merging and applying are 2048-byte adds.
enum ParallelMultiset {
    /// Below this many elements a single thread is faster than starting workers.
    static let parallelThreshold = 256

    typealias Item = (id: Hash256, entry: UTXOEntry)

    /// A batch inserting every entry of `inserted` and removing every entry of `removed`.
    /// `workers` is for tests; by default one per core, or one for a small batch.
    static func accumulate(
        inserting inserted: [Item], removing removed: [Item], workers: Int? = nil
    ) throws(ChainError) -> MultisetHashAccumulator {
        let total = inserted.count + removed.count
        let workers = workers ?? (total < parallelThreshold ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount))
        precondition(workers >= 1, "at least one worker")
        let sliceSize = max(1, (total + workers - 1) / workers)
        let results = Array(0..<workers).concurrentMap(chunkSize: 1) { worker in
            let slice = min(total, worker * sliceSize)..<min(total, (worker + 1) * sliceSize)
            return Result { () throws(MultisetHashError) in
                var batch = MultisetHashAccumulator()
                for index in slice {
                    if index < inserted.count {
                        try batch.insert(inserted[index].entry.commitmentElement(id: inserted[index].id))
                    } else {
                        let item = removed[index - inserted.count]
                        try batch.remove(item.entry.commitmentElement(id: item.id))
                    }
                }
                return batch
            }
        }
        var merged = MultisetHashAccumulator()
        for result in results {
            switch result {
            case .success(let batch): merged.merge(batch)
            case .failure(let error): throw .commitment(error)
            }
        }
        assert(merged.count == total, "every item hashed once")
        return merged
    }

    /// `previous` with the batch applied.
    static func commitment(
        from previous: MultisetHash, inserting inserted: [Item], removing removed: [Item]
    ) throws(ChainError) -> MultisetHash {
        try accumulate(inserting: inserted, removing: removed).applied(to: previous)
    }
}
