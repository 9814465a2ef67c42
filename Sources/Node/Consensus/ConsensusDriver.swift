import Chain
import Consensus
import Crypto
import Storage
import Synchronization

/// The consensus engine's clock on a node: the node's clock (a test's may be driven by hand).
struct NodeConsensusClock: ConsensusClock {
    let clock: any NodeClock

    func nowMs() -> UInt64 { clock.nowMs() }
}

/// The engine's transport on a node: the network's DEALERs, or nowhere for a validator
/// that finalizes alone.
struct NodeTransport: ConsensusTransport {
    let sender: ConsensusSender?

    func send(_ message: ConsensusMessage, to peer: PublicKey) { sender?.send(message, to: peer) }
}

/// The safety record in the node's store; a storage failure is also kept in `failure`, so
/// the block thread stops the node as for any failing disk (the engine only counts it).
struct NodeSafetyStore<Store: KeyValueStore>: SafetyStore {
    let store: KeyValueSafetyStore<Store>
    let failure: FailureBox

    func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord? { try store.loadSafetyRecord() }

    func loadLockedBlock() throws(ConsensusError) -> Block? { try store.loadLockedBlock() }

    func saveSafetyRecord(_ record: SafetyRecord, lockedBlock: Block?) throws(ConsensusError) {
        do { try store.saveSafetyRecord(record, lockedBlock: lockedBlock) } catch {
            if case .storage(let storage) = error { failure.record(.storage(storage)) }
            throw error
        }
    }
}

/// The first fatal error a thread saw, for another to act on.
final class FailureBox: Sendable {
    private let value = Mutex<NodeError?>(nil)

    func record(_ error: NodeError) { value.withLock { $0 = $0 ?? error } }

    var error: NodeError? { value.withLock { $0 } }
}

/// The engine as the block thread drives it.
typealias NodeConsensusEngine<Store: KeyValueStore> = ConsensusEngine<
    NodeTransport, NodeConsensusClock, NodeSafetyStore<Store>, BlockProducer<Store>
>

/// What the block thread needs to run consensus: the engine's configuration and key, the
/// network (nil for a validator alone) and whom to tell.
struct ConsensusPlan: Sendable {
    let configuration: ConsensusConfiguration
    /// nil on a follower (and a validator whose key is not in the set votes nowhere).
    let key: (any SigningKey)?
    let role: ConsensusSettings.Role
    let network: ConsensusNetwork?
    /// Everyone the engine sends status to.
    var peers: [PublicKey] { network?.sender.peers ?? [] }

    /// The engine's timing for a chain with `blockIntervalMs` between blocks.
    static func configuration(blockIntervalMs: UInt64) -> ConsensusConfiguration {
        var configuration = ConsensusConfiguration()
        configuration.blockIntervalMs = blockIntervalMs
        return configuration
    }
}
