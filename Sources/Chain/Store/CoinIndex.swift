import Crypto
import Ledger
import Primitives
import Storage

/// The node-local index of unspent outputs by the keys that can spend them, kept in the
/// chain store next to the UTXO set and written in each block's batch. It never enters a
/// block or a hash: two nodes may hold it differently (or rebuild it) and agree on the chain.
///
/// Layout (docs/CHAIN.md): `k` ‖ key length (1 byte) ‖ key ‖ asset (32) ‖ output ID (32) →
/// amount (8 bytes little-endian) ‖ order flag (1) [‖ order ID (32)], so a key's coins are
/// one ordered range (by asset, then output ID) and one asset's coins a sub-range. `i` → the
/// index's version and the block it reflects: written with every block, checked on open.
public enum CoinIndex {
    /// The layout's version; an index of another version is rebuilt on open.
    static let version: UInt8 = 1
    /// Most coins one page of a key's coins returns.
    public static let pageCoinsMax = 500
    /// Most committed coins one holdings answer sums; a key with more is paged instead.
    public static let holdingsCoinsMax = 10_000

    /// The keys that can spend an output with one of their signatures: a pay-to-key's key,
    /// every multisig member, an order's seller key (which may cancel it), a vote lock's owner.
    /// Fee pools and cross-chain burns have none. Distinct, in the program's own order.
    public static func spenders(of program: ControlProgram) -> [PublicKey] {
        switch program {
        case .payToKey(let key): [key]
        case .multisig(_, let keys): keys
        case .magneticOrder(let order): [order.sellerKey]
        case .voteLock(let lock): [lock.owner]
        case .crossChainOut, .feePool: []
        // Main-chain only (the sidechain refuses it as an output): the federation's keys.
        case .federationDeposit(let deposit): deposit.federation.keys
        }
    }

    /// The range of every coin of `key` (in `asset`, when given).
    static func prefix(of key: PublicKey, asset: AssetID? = nil) -> [UInt8] {
        var bytes = [ChainStore<MemoryStore>.Prefix.coin.rawValue, UInt8(key.bytes.count)]
        bytes.reserveCapacity(2 + key.bytes.count + 64)
        bytes += key.bytes
        if let asset { bytes += asset.hash.bytes }
        return bytes
    }

    /// The entry key of one coin under one key.
    static func entryKey(_ key: PublicKey, asset: AssetID, outputID: Hash256) -> [UInt8] {
        prefix(of: key, asset: asset) + outputID.bytes
    }

    /// An entry's value: the amount and, for an order's output, its order ID.
    static func value(_ entry: UTXOEntry) -> [UInt8] {
        var writer = ByteWriter(capacity: 41)
        writer.write(entry.output.amount.units)
        writer.write(entry.order != nil)
        if let order = entry.order { writer.write(order.orderID) }
        return writer.bytes
    }

    /// Every index entry of one output: one per key that can spend it.
    static func entries(id: Hash256, entry: UTXOEntry) -> [(key: [UInt8], value: [UInt8])] {
        let keys = spenders(of: entry.output.program)
        guard !keys.isEmpty else { return [] }
        let value = value(entry)
        return keys.map { (entryKey($0, asset: entry.output.asset, outputID: id), value) }
    }

    /// Reads one stored entry back; `prefixCount` is the length of `k` ‖ length ‖ key.
    static func coin(key: [UInt8], value: [UInt8], prefixCount: Int) throws(ChainError) -> Coin {
        guard key.count == prefixCount + 64 else { throw .storageCorrupt(reason: "coin index key of \(key.count) bytes") }
        do throws(PrimitivesError) {
            let asset = AssetID(try Hash256(bytes: key[prefixCount..<prefixCount + 32]))
            let outputID = try Hash256(bytes: key[(prefixCount + 32)...])
            var reader = ByteReader(value)
            let amount = Amount(try reader.readUInt64())
            let orderID = try reader.readBool(field: "coin.order") ? try reader.readHash() : nil
            try reader.finish()
            return Coin(outputID: outputID, asset: asset, amount: amount, orderID: orderID)
        } catch {
            throw .storageCorrupt(reason: "coin index entry: \(error.message)")
        }
    }
}
