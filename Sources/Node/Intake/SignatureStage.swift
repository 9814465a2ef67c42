import Chain
import Gateway

/// The pipeline stage between the order-entry gateway and the block thread: it takes
/// gateway jobs in arrival order, has the pool verify their signatures on all cores
/// (`TransactionPool.preverify`), then hands the jobs on, in the same order, to the block
/// thread's queue. Verification thus overlaps the block thread's admission and block
/// production instead of running inside them (a sigverify stage before sequencing).
///
/// Bounded: the gateway's offer fails (it answers `gateway_busy`) when the stage's queue is
/// full; the stage waits for room in the block queue rather than drop a job it accepted.
final class SignatureStage: Sendable {
    /// Jobs verified per round: a round's signatures spread over all cores.
    static let batchMax = 256
    /// Longest wait for jobs or room before the stop flag is read again.
    static let waitSliceMs = 50

    private let input: BoundedQueue<PoolJob>
    private let output: BoundedQueue<IntakeItem>
    private let pool: any TransactionPool

    init(capacity: Int, output: BoundedQueue<IntakeItem>, pool: any TransactionPool) {
        input = BoundedQueue(capacity: capacity)
        self.output = output
        self.pool = pool
    }

    /// Jobs waiting for verification.
    var count: Int { input.count }

    /// Queues a job; false (never waiting) when the stage is full or stopped.
    func offer(_ job: PoolJob) -> Bool { input.offer(job) }

    /// Verifies and forwards jobs until `stop` is set or the block queue closes.
    func run(until stop: StopFlag) {
        while !stop.isSet && !output.isClosed {
            let jobs = input.take(max: Self.batchMax, waitMs: Self.waitSliceMs)
            guard !jobs.isEmpty else { continue }
            pool.preverify(jobs.flatMap(\.items))
            for job in jobs { forward(job, until: stop) }
        }
        input.close()
    }

    private func forward(_ job: PoolJob, until stop: StopFlag) {
        while !output.offer(.gateway(job), waitMs: Self.waitSliceMs) {
            // Only a stopping node closes the block queue; its jobs then go unanswered, as
            // every other in-flight request of a stopping node does.
            if stop.isSet || output.isClosed { return }
        }
    }
}
