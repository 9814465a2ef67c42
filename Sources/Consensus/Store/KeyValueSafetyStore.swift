import Chain
import Primitives
import Storage

/// The safety record in the node's key-value store (LevelDB), under the key `s` (0x73),
/// and the block it is locked on under `sb` (0x73 0x62); the chain store uses
/// g m b h t u o c, the mempool journal p and the dead-man table d. Every save is a synced
/// write: `saveSafetyRecord` returns only once the record (and a new locked block, in the
/// same batch) is on disk. One locked block is kept at a time; a new lock overwrites it.
public struct KeyValueSafetyStore<Store: KeyValueStore>: SafetyStore, Sendable {
    /// The record's key.
    public static var key: [UInt8] { [0x73] }
    /// The locked block's key.
    public static var lockedBlockKey: [UInt8] { [0x73, 0x62] }

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

    public func saveSafetyRecord(_ record: SafetyRecord, lockedBlock: Block?) throws(ConsensusError) {
        do {
            // Room for the largest block (the chain store holds it in one value too).
            var batch = try WriteBatch(bytesMax: StorageLimits.batchBytesMax)
            if let lockedBlock { try batch.put(Self.lockedBlockKey, lockedBlock.canonicalBytes) }
            try batch.put(Self.key, record.canonicalBytes)
            try store.write(batch, sync: true)
        } catch { throw .storage(error) }
    }

    public func loadLockedBlock() throws(ConsensusError) -> Block? {
        let bytes: [UInt8]?
        do { bytes = try store.get(Self.lockedBlockKey) } catch { throw .storage(error) }
        guard let bytes else { return nil }
        do { return try Block(canonicalBytes: bytes) } catch {
            throw .safetyRecord(reason: "the stored locked block does not decode: \(error.message)")
        }
    }
}
