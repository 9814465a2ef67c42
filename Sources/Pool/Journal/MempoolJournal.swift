import Chain
import Crypto
import Primitives
import Storage

/// The mempool's write-ahead journal in the node's key-value store: every admitted item
/// under `p` + its key's ID (transaction ID or order ID), written in one synced batch before
/// the submitter hears "accepted", so a node killed at any moment restarts with every item
/// it acknowledged.
struct MempoolJournal: Sendable {
    /// Key prefix 'p'; the chain store uses g m b h t u o.
    static let prefix: UInt8 = 0x70
    /// Entries read per scan while loading.
    static let pageEntries = 65_536

    let store: any KeyValueStore
    /// The chain: a reloaded transaction is checked as the edge checks it.
    let config: ChainConfig

    static func key(_ key: PoolKey) -> [UInt8] { [prefix] + key.id.bytes }

    /// Every journaled record, oldest first.
    func load() throws(ChainError) -> [JournalRecord] {
        var records: [JournalRecord] = []
        var start: [UInt8]? = nil
        while true {
            let page: [KeyValueEntry]
            do { page = try store.scan(prefix: [Self.prefix], from: start, limit: Self.pageEntries) } catch { throw .storage(error) }
            // A page after the first starts at the previous page's last key.
            for entry in page where entry.key != start { records.append(try record(entry)) }
            guard page.count == Self.pageEntries, let last = page.last else { break }
            start = last.key
        }
        return records.sorted { $0.sequence < $1.sequence }
    }

    private func record(_ entry: KeyValueEntry) throws(ChainError) -> JournalRecord {
        let record: JournalRecord
        do { record = try JournalRecord.decode(entry.value, config: config) } catch {
            throw .storageCorrupt(reason: "mempool journal entry: \(error.message)")
        }
        guard Self.key(record.item.key(suite: config.suite)) == entry.key else {
            throw .storageCorrupt(reason: "mempool journal entry is stored under another item's key")
        }
        return record
    }

    /// Writes `entries` durably (fsync) in one atomic batch.
    func record(_ entries: [PoolEntry]) throws(ChainError) {
        var batch = try Self.batch()
        for entry in entries {
            let record = JournalRecord(sequence: entry.sequence, item: entry.item)
            do { try batch.put(Self.key(entry.key), record.canonicalBytes) } catch { throw .storage(error) }
        }
        do { try store.write(batch, sync: true) } catch { throw .storage(error) }
    }

    /// Removes `keys` in one atomic batch, without fsync: a removal lost in a crash only
    /// leaves an entry that reloading re-checks and drops.
    func forget(_ keys: [PoolKey]) throws(ChainError) {
        guard !keys.isEmpty else { return }
        var batch = try Self.batch()
        for key in keys {
            do { try batch.delete(Self.key(key)) } catch { throw .storage(error) }
        }
        do { try store.write(batch, sync: false) } catch { throw .storage(error) }
    }

    /// A batch as large as the storage layer allows: the pool's limits keep what goes into
    /// one far below it.
    private static func batch() throws(ChainError) -> WriteBatch {
        do { return try WriteBatch(bytesMax: StorageLimits.batchBytesMax) } catch { throw .storage(error) }
    }
}
