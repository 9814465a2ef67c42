import Crypto
import Ledger
import Primitives
import Storage

/// Keeping the coin index (`CoinIndex`) in step with the UTXO set: each block's changes go
/// into the block's batch with a marker naming the block, so a crash leaves both at the same
/// block; on open an index that is missing, of another version or of another block (a data
/// folder from before the index, or one a tool changed) is rebuilt from the UTXO set.
extension ChainStore {
    /// Entries per batch when the index is rebuilt (about 140 bytes each).
    static var coinRebuildBatchEntries: Int { 65_536 }

    /// The block's index changes, and the marker naming the block, added to its batch.
    func putCoinIndexChanges(_ outcome: BlockOutcome, height: UInt64, hash: Hash256, into batch: inout WriteBatch)
        throws(ChainError)
    {
        for (id, entry) in outcome.changes.spent {
            for (key, _) in CoinIndex.entries(id: id, entry: entry) { try delete(&batch, key) }
        }
        for (id, entry) in outcome.changes.created {
            for (key, value) in CoinIndex.entries(id: id, entry: entry) { try put(&batch, key, value) }
        }
        try put(&batch, Self.key(.coinMarker), Self.coinMarker(height: height, hash: hash))
    }

    /// The marker's value: the index version, then the height and hash of the block the
    /// index reflects.
    static func coinMarker(height: UInt64, hash: Hash256) -> [UInt8] {
        var writer = ByteWriter(capacity: 41)
        writer.write(CoinIndex.version)
        writer.write(height)
        writer.write(hash)
        return writer.bytes
    }

    /// Whether the stored index reflects `state`'s tip in this version.
    func coinIndexIsCurrent(_ state: ChainState) throws(ChainError) -> Bool {
        try read(Self.key(.coinMarker)) == Self.coinMarker(height: state.height, hash: state.tipHash)
    }

    /// Rebuilds the index unless it reflects `state`'s tip; true when it did.
    @discardableResult
    func ensureCoinIndex(_ state: ChainState) throws(ChainError) -> Bool {
        guard try !coinIndexIsCurrent(state) else { return false }
        try rebuildCoinIndex(utxos: state.utxos, height: state.height, hash: state.tipHash)
        return true
    }

    /// Drops every index entry and writes them again from `utxos`. The marker goes first and
    /// comes back last, so a crash part way leaves an index that the next open rebuilds.
    func rebuildCoinIndex(utxos: UTXOSet, height: UInt64, hash: Hash256) throws(ChainError) {
        var batch = WriteBatch()
        try delete(&batch, Self.key(.coinMarker))
        try write(batch)
        let prefix = Self.key(.coin)
        while true {
            let page: [KeyValueEntry]
            do { page = try store.scan(prefix: prefix, limit: Self.coinRebuildBatchEntries) } catch { throw .storage(error) }
            guard !page.isEmpty else { break }
            var deletes = try Self.rebuildBatch()
            for entry in page { try delete(&deletes, entry.key) }
            try write(deletes)
        }
        var puts = try Self.rebuildBatch()
        for (id, entry) in utxos.sortedEntries() {
            for (key, value) in CoinIndex.entries(id: id, entry: entry) {
                if puts.count >= Self.coinRebuildBatchEntries {
                    try write(puts)
                    puts = try Self.rebuildBatch()
                }
                try put(&puts, key, value)
            }
        }
        try put(&puts, Self.key(.coinMarker), Self.coinMarker(height: height, hash: hash))
        try write(puts)
    }

    private static func rebuildBatch() throws(ChainError) -> WriteBatch {
        do { return try WriteBatch(bytesMax: commitBatchBytesMax) } catch { throw .storage(error) }
    }
}
