import Chain
import Gateway
import Pool

/// The pipeline stage between the node's entry points (raw intake and order-entry gateway)
/// and the block thread: it takes their items in arrival order per source, has the pool
/// verify their signatures on all cores (`Mempool.preverify`, which fills the pool's
/// signature memo), then hands them on, in the same order, to the block thread's queue.
/// Verification thus overlaps the block thread's admission and block production instead of
/// running inside them (a sigverify stage before sequencing), whichever door a request used.
///
/// Bounded: an offer fails (the door answers `intake_busy` or `gateway_busy`) when the
/// source's lane is full; the stage waits for room in the block queue rather than drop an
/// item it accepted. Each source has its own lane here and in the block queue, so a flood on
/// one door neither fills the other's lane nor takes more than its share of a round.
final class SignatureStage: Sendable {
    /// Items verified per round and source: a round's signatures spread over all cores.
    static let batchMax = 256
    /// Longest wait for items or room before the stop flag is read again.
    static let waitSliceMs = 50

    private let input: BoundedQueue<IntakeItem>
    private let output: BoundedQueue<IntakeItem>
    private let pool: Mempool

    /// A stage holding up to `capacity` items per source.
    init(capacity: Int, output: BoundedQueue<IntakeItem>, pool: Mempool) {
        input = BoundedQueue(intakeCapacity: capacity)
        self.output = output
        self.pool = pool
    }

    /// Items waiting for verification.
    var count: Int { input.count }

    /// Lane capacity per source.
    var capacity: Int { input.capacity }

    /// Queues an item in its source's lane; false (never waiting) when that lane is full or
    /// the stage stopped.
    func offer(_ item: IntakeItem) -> Bool { input.offer(item, lane: item.lane) }

    /// Queues a gateway job.
    func offer(_ job: PoolJob) -> Bool { offer(.gateway(job)) }

    /// Verifies and forwards items until `stop` is set or the block queue closes.
    func run(until stop: StopFlag) {
        while !stop.isSet && !output.isClosed {
            let items = input.take(max: { _ in Self.batchMax }, waitMs: Self.waitSliceMs)
            guard !items.isEmpty else { continue }
            pool.preverify(items.flatMap(\.poolItems))
            for item in items { forward(item, until: stop) }
        }
        input.close()
    }

    private func forward(_ item: IntakeItem, until stop: StopFlag) {
        while !output.offer(item, lane: item.lane, waitMs: Self.waitSliceMs) {
            // Only a stopping node closes the block queue; its items then go unanswered, as
            // every other in-flight request of a stopping node does.
            if stop.isSet || output.isClosed { return }
        }
    }
}
