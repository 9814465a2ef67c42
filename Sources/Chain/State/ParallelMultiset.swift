import Crypto
import Dispatch
import Foundation

/// Builds one multiset-hash batch from many updates on all cores: each worker fills its
/// own accumulator over a contiguous slice, then the accumulators are merged in slice order
/// (the result does not depend on the order, but a fixed order keeps runs identical).
enum ParallelMultiset {
    /// Below this many updates a single thread is faster than starting workers.
    static let parallelThreshold = 512

    static func accumulate(_ updates: [(element: [UInt8], insert: Bool)]) throws(ChainError) -> MultisetHashAccumulator {
        let workers = updates.count < parallelThreshold ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let sliceSize = (updates.count + workers - 1) / max(workers, 1)
        let results = SliceResults(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let slice = updates[min(updates.count, worker * sliceSize)..<min(updates.count, (worker + 1) * sliceSize)]
            results.store(worker, Result { () throws(MultisetHashError) in
                var accumulator = MultisetHashAccumulator()
                for update in slice {
                    if update.insert { try accumulator.insert(update.element) } else { try accumulator.remove(update.element) }
                }
                return accumulator
            })
        }
        var total = MultisetHashAccumulator()
        do {
            for result in results.all() { try total.merge(try result.get()) }
        } catch {
            throw .commitment(error)
        }
        return total
    }

    /// One slot per worker, written once each under a lock.
    private final class SliceResults: @unchecked Sendable {
        private var slots: [Result<MultisetHashAccumulator, MultisetHashError>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ index: Int, _ result: Result<MultisetHashAccumulator, MultisetHashError>) {
            lock.withLock { slots[index] = result }
        }

        func all() -> [Result<MultisetHashAccumulator, MultisetHashError>] {
            lock.withLock { slots.map { $0! } }
        }
    }
}
