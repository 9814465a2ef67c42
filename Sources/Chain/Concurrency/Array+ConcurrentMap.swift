import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of every element, in element order, computed on all cores in chunks of
    /// `chunkSize` elements; a single chunk runs on the calling thread.
    package func concurrentMap<Mapped: Sendable>(chunkSize: Int, _ transform: @Sendable (Element) -> Mapped) -> [Mapped] {
        precondition(chunkSize > 0, "chunks hold at least one element")
        guard count > chunkSize else { return map(transform) }
        let chunkCount = (count + chunkSize - 1) / chunkSize
        let chunks = Mutex([[Mapped]?](repeating: nil, count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<Swift.min(count, (chunk + 1) * chunkSize)
            let mapped = self[range].map(transform)
            chunks.withLock { $0[chunk] = mapped }
        }
        return chunks.withLock { chunks in
            // concurrentPerform returns only after every iteration ran.
            chunks.flatMap { $0! }
        }
    }
}
