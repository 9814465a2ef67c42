import Chain
import Crypto
import Primitives
import Storage

/// `lodestone verify`: the stored chain re-checked offline, as a follower would check it.
///
/// Opens the data folder read-only against the chain record (so every entry's checksums
/// are read once), re-executes every stored block from genesis (parent, height, time,
/// proposer signature, settlements, roots and the header's state commitment), checks the
/// transaction index of each, and at the end compares the re-executed tip, commitment and
/// UTXO set with the stored tip record, the stored UTXO set and the chain record. The
/// first fault throws `verify_failed` (9105) naming the block, or the folder's own error.
public struct ChainVerification: Sendable {
    /// Blocks re-executed (the height: genesis is rebuilt, not read).
    public let blocks: UInt64
    /// The verified tip.
    public let height: UInt64
    public let tipHash: Hash256
    /// The UTXO-set commitment after the tip.
    public let commitment: Hash256
    /// Unspent outputs after the tip (equal in the store and the re-executed state).
    public let utxos: Int
    /// Entries whose checksums were read at open.
    public let checkedEntries: Int
    /// The chain record as found: nil when the folder has none yet.
    public let record: ChainRecord?
    /// Wall time of the whole check.
    public let elapsedMs: Int64

    /// Runs the check on the data folder of `settings`; the node must not be running (the
    /// folder is locked). `progress` is told each verified height.
    public static func run(_ settings: NodeSettings, progress: (UInt64) -> Void = { _ in }) throws(NodeError) -> ChainVerification {
        let started = ContinuousClock.now
        let folder = try DataFolder.open(settings, create: false)
        defer { folder.store.close() }
        let chainStore = ChainStore(store: folder.store, suite: settings.chain.suite)
        guard let tip = folder.stored else { throw .verifyFailed(height: 0, reason: "the database holds no chain") }
        guard tip.chainID == settings.chain.chainID else {
            throw .verifyFailed(
                height: 0, reason: "the database holds chain \(tip.chainID), the genesis file gives \(settings.chain.chainID)")
        }
        var state: ChainState
        do { state = try ChainState.genesis(settings.chain) } catch { throw .chain(error) }
        var height: UInt64 = 0
        while height < tip.height {
            height += 1
            try replay(height, on: &state, from: chainStore)
            progress(height)
        }
        try compareTip(state, with: tip)
        let stored: UTXOSet
        do { stored = try chainStore.storedUTXOs() } catch { throw .verifyFailed(height: 0, reason: "stored UTXO set: \(error.message)") }
        try compareUTXOs(stored, with: state.utxos)
        let elapsed = ContinuousClock.now - started
        return ChainVerification(
            blocks: tip.height, height: state.height, tipHash: state.tipHash, commitment: state.commitment.digest,
            utxos: state.utxos.count, checkedEntries: folder.sweep.entries, record: folder.recorded,
            elapsedMs: elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Reads, re-executes and commits block `height`, and checks its transaction index.
    private static func replay<Store>(_ height: UInt64, on state: inout ChainState, from chainStore: ChainStore<Store>) throws(NodeError) {
        let stored: Block?
        do { stored = try chainStore.block(at: height) } catch { throw .verifyFailed(height: height, reason: error.message) }
        guard let block = stored else { throw .verifyFailed(height: height, reason: "missing from the store") }
        let outcome: BlockOutcome
        do { outcome = try state.verify(block) } catch { throw .verifyFailed(height: height, reason: error.description) }
        for (index, id) in outcome.transactionIDs.enumerated() {
            let location: (height: UInt64, index: UInt32)?
            do { location = try chainStore.location(ofTransaction: id) } catch {
                throw .verifyFailed(height: height, reason: error.message)
            }
            guard let location, location.height == height, location.index == UInt32(index) else {
                let indexed = location.map { "height \($0.height) index \($0.index)" } ?? "nowhere"
                throw .verifyFailed(height: height, reason: "transaction \(id) (index \(index)) is indexed at \(indexed)")
            }
        }
        state.commit(outcome, header: block.header)
    }

    /// The stored tip record must name the re-executed tip and commitment.
    private static func compareTip(_ state: ChainState, with tip: StoredTip) throws(NodeError) {
        guard state.tipHash == tip.hash, state.tip == tip.header else {
            throw .verifyFailed(
                height: 0, reason: "the stored tip \(tip.hash) is not the re-executed tip \(state.tipHash) at height \(tip.height)")
        }
        guard state.commitment == tip.commitment else {
            throw .verifyFailed(
                height: 0, reason: "the stored commitment \(tip.commitment.digest) is not the re-executed \(state.commitment.digest)")
        }
    }

    /// The stored UTXO set must equal the re-executed one, entry for entry.
    private static func compareUTXOs(_ stored: UTXOSet, with replayed: UTXOSet) throws(NodeError) {
        let storedEntries = stored.sortedEntries()
        let replayedEntries = replayed.sortedEntries()
        for (have, want) in zip(storedEntries, replayedEntries) where have.id != want.id || have.entry != want.entry {
            let id = min(have.id, want.id)
            let reason = have.id == want.id ? "differs" : (have.id < want.id ? "is stored but not unspent" : "is unspent but not stored")
            throw .verifyFailed(height: 0, reason: "UTXO \(id) \(reason) (stored set vs re-executed set)")
        }
        guard storedEntries.count == replayedEntries.count else {
            throw .verifyFailed(
                height: 0, reason: "the stored UTXO set has \(storedEntries.count) entries, the re-executed one \(replayedEntries.count)")
        }
    }
}
