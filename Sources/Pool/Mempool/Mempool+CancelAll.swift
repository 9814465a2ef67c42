import Chain
import Crypto
import Ledger
import Primitives

extension Mempool {
    /// The pooled cancel-alls and dead-man switches the next block should try, in arrival
    /// order, at most the given counts (and `Block` limits).
    public func massCandidates(
        maxCancelAlls: Int = Block.maxCancelAlls, maxDeadManSwitches: Int = Block.maxDeadManSwitches
    ) -> (cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch]) {
        let cancelAllLimit = min(max(maxCancelAlls, 0), Block.maxCancelAlls)
        let switchLimit = min(max(maxDeadManSwitches, 0), Block.maxDeadManSwitches)
        return guarded.withLock { $0.contents.massCandidates(maxCancelAlls: cancelAllLimit, maxDeadManSwitches: switchLimit) }
    }
}
