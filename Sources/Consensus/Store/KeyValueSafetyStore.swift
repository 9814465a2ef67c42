import Primitives
import Storage
import Synchronization

/// The safety record in the node's key-value store (LevelDB), under the one key `s`
/// (0x73; the chain store uses g m b h t u o c and the mempool journal p). Every save is a
/// synced write: `saveSafetyRecord` returns only once the record is on disk.
public struct KeyValueSafetyStore<Store: KeyValueStore>: SafetyStore, Sendable {
    /// The record's key.
    public static var key: [UInt8] { [0x73] }

    public let store: Store

    public init(store: Store) { self.store = store }

    public func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord? {
        let bytes: [UInt8]?
        do { bytes = try store.get(Self.key) } catch { throw .storage(error) }
        guard let bytes else { return nil }
        do { return try SafetyRecord(canonicalBytes: bytes) } catch {
            throw .safetyRecord(reason: "the stored record does not decode: \(error.message)")
        }
    }

    public func saveSafetyRecord(_ record: SafetyRecord) throws(ConsensusError) {
        do { try store.put(Self.key, record.canonicalBytes, sync: true) } catch { throw .storage(error) }
    }
}

/// A safety store in memory, for tests and the simulator (which keeps it across a
/// simulated crash, as a disk would be kept). A class so that copies share the record.
public final class MemorySafetyStore: SafetyStore, Sendable {
    private let state: Mutex<(record: SafetyRecord?, saves: Int)>

    public init(record: SafetyRecord? = nil) { state = Mutex((record, 0)) }

    /// Saves so far (tests check that votes were persisted before they left).
    public var saves: Int { state.withLock { $0.saves } }

    public func loadSafetyRecord() throws(ConsensusError) -> SafetyRecord? { state.withLock { $0.record } }

    public func saveSafetyRecord(_ record: SafetyRecord) throws(ConsensusError) {
        state.withLock {
            $0.record = record
            $0.saves += 1
        }
    }
}
