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
public protocol SafetyStore {
    func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord?
    func saveSafetyRecord(_ record: SafetyRecord) throws(ConsensusError)
}
