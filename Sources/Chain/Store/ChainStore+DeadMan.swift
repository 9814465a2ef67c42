import Crypto
import Primitives
import Storage

/// The dead-man table on disk: `d` + scope encoding → the trigger height (8 bytes little-endian),
/// written with each block's batch, read back (and checked against the tip header's state
/// commitment) when the chain opens.
extension ChainStore {
    /// Adds the block's table changes to its batch.
    func putDeadManChanges(_ outcome: BlockOutcome, into batch: inout WriteBatch) throws(ChainError) {
        for (scope, trigger) in outcome.deadManChanges {
            let key = Self.key(.deadMan, scope.canonicalBytes)
            if let trigger {
                var value = ByteWriter(capacity: 8)
                value.write(trigger)
                try put(&batch, key, value.bytes)
            } else {
                try delete(&batch, key)
            }
        }
    }

    /// Reads the stored table into `state`; it must give the tip header's state commitment.
    func loadDeadMen(into state: inout ChainState) throws(ChainError) {
        let entries: [KeyValueEntry]
        do { entries = try store.scan(prefix: Self.key(.deadMan), limit: DeadManTable.entriesMax + 1) } catch { throw .storage(error) }
        guard entries.count <= DeadManTable.entriesMax else {
            throw .storageCorrupt(reason: "more than \(DeadManTable.entriesMax) dead-man switches stored")
        }
        var table = DeadManTable()
        for entry in entries {
            do throws(PrimitivesError) {
                let scope = try DeadManTable.Scope(canonicalBytes: Array(entry.key.dropFirst()))
                var reader = ByteReader(entry.value)
                let trigger = try reader.readUInt64()
                guard trigger > state.height else {
                    throw PrimitivesError.invalidValue(field: "dead_man.trigger", reason: "\(trigger) is not above the tip")
                }
                table.arm(scope, at: trigger)
            } catch {
                throw .storageCorrupt(reason: "dead-man entry: \(error.message)")
            }
        }
        state.deadMen = table
        state.deadManRoot = table.root(suite: suite)
        if let header = state.tip, header.stateCommitment != state.stateCommitment {
            throw .storageCorrupt(reason: "the stored dead-man switches do not match the state commitment of block \(header.height)")
        }
    }
}
