import Crypto
import Ledger
import Primitives
import Storage

extension ChainStore {
    /// The chain ID and tip the store holds, or nil for an empty store (never initialised).
    /// Throws `.storageCorrupt` when one of the two is there without the other or is garbled.
    public func storedTip() throws(ChainError) -> StoredTip? {
        let chainBytes = try read(Self.key(.chain))
        let tipBytes = try read(Self.key(.tip))
        guard let chainBytes, let tipBytes else {
            if chainBytes == nil && tipBytes == nil { return nil }
            throw .storageCorrupt(reason: chainBytes == nil ? "a tip record without a chain ID" : "a chain ID without a tip record")
        }
        let chainID: Hash256
        do { chainID = try Hash256(bytes: chainBytes) } catch { throw .storageCorrupt(reason: "chain ID: \(error.message)") }
        let tip: TipRecord
        do { tip = try TipRecord(canonicalBytes: tipBytes) } catch { throw .storageCorrupt(reason: "tip: \(error.message)") }
        return StoredTip(chainID: chainID, height: tip.height, hash: tip.hash, commitment: tip.commitment, header: tip.header)
    }

    /// The whole stored UTXO set, as written (not checked against the commitment: `open`
    /// does that; `lodestone verify` compares it with a re-executed set).
    public func storedUTXOs() throws(ChainError) -> UTXOSet {
        try loadUTXOs()
    }
}
