import Chain
import Synchronization

/// A safety store in memory, for tests and the simulator (which keeps it across a
/// simulated crash, as a disk would be kept). A class so that copies share the record.
public final class MemorySafetyStore: SafetyStore, Sendable {
    private let state: Mutex<(record: SafetyRecord?, lockedBlock: Block?, saves: Int)>

    public init(record: SafetyRecord? = nil) { state = Mutex((record, nil, 0)) }

    /// Saves so far (tests check that votes were persisted before they left).
    public var saves: Int { state.withLock { $0.saves } }

    public func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord? { state.withLock { $0.record } }

    public func saveSafetyRecord(_ record: SafetyRecord, lockedBlock: Block?) throws(ConsensusError) {
        state.withLock {
            $0.record = record
            if let lockedBlock { $0.lockedBlock = lockedBlock }
            $0.saves += 1
        }
    }

    public func loadLockedBlock() throws(ConsensusError) -> Block? { state.withLock { $0.lockedBlock } }
}
