import Chain
import Crypto
import Primitives

/// Where consensus messages go. Peers are named by their signing keys (validators by the
/// keys in their set; followers by their node keys). Sending never blocks and may lose the
/// message (a full queue, a dead peer): the protocol retransmits what matters.
public protocol ConsensusTransport {
    func send(_ message: ConsensusMessage, to peer: PublicKey)
}

/// Time as consensus sees it: milliseconds on a monotonic clock the driver injects (the
/// simulator's is virtual). Used for timeouts and proposal timestamps only, never for state.
public protocol ConsensusClock {
    func nowMs() -> UInt64
}

/// Durable storage for the validator's safety record. `save` returns only once the record
/// is synced: a vote leaves only after what it commits to is on disk.
///
/// The block the record is locked on is kept with it: a validator that precommitted a block
/// and crashed before committing it is locked on that block after the restart and may
/// prevote nothing else, so without the block itself a validator alone (or a cluster that
/// lost power at once) could never finish the height.
public protocol SafetyStore {
    func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord?
    /// Saves `record` and, when the lock moves to a new block, that block (`lockedBlock`),
    /// in one synced write: the record is never on disk locked on a block that is not.
    func saveSafetyRecord(_ record: SafetyRecord, lockedBlock: Block?) throws(ConsensusError)
    /// The block last saved as locked (the engine uses it only when its ID is the record's
    /// `lockedBlockID`); nil if none was saved.
    func loadLockedBlock() throws(ConsensusError) -> Block?
}
