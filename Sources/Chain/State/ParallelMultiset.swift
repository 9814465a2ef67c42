import Crypto
import Dispatch
import Foundation

/// Maps many elements to their multiset-hash points on all cores. Mapping is the dominant
/// cost of a block's commitment; each worker maps one contiguous slice, and the results are
/// joined in slice order so the output lines up with the input.
enum ParallelMultiset {
    /// Below this many elements a single thread is faster than starting workers.
    static let parallelThreshold = 256

    static func map(_ elements: [[UInt8]]) throws(ChainError) -> [MultisetElement] {
        let workers = elements.count < parallelThreshold ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let sliceSize = max(1, (elements.count + workers - 1) / workers)
        let results = SliceResults(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let slice = elements[min(elements.count, worker * sliceSize)..<min(elements.count, (worker + 1) * sliceSize)]
            results.store(worker, Result { () throws(MultisetHashError) in try slice.map { element throws(MultisetHashError) in try MultisetElement(element) } })
        }
        var mapped = [MultisetElement]()
        mapped.reserveCapacity(elements.count)
        for result in results.all() {
            switch result {
            case let .success(slice): mapped += slice
            case let .failure(error): throw .commitment(error)
            }
        }
        return mapped
    }

    /// One slot per worker, written once each under a lock.
    private final class SliceResults: @unchecked Sendable {
        private var slots: [Result<[MultisetElement], MultisetHashError>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ index: Int, _ result: Result<[MultisetElement], MultisetHashError>) {
            lock.withLock { slots[index] = result }
        }

        func all() -> [Result<[MultisetElement], MultisetHashError>] {
            lock.withLock { slots.map { $0! } }
        }
    }
}
