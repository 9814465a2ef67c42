import Crypto
import Ledger
import Primitives
import Storage

/// The chain on disk: blocks, a transaction index, the UTXO set (with order metadata), an
/// order index and the tip, each block written as one synced atomic batch. After a crash
/// the node reopens at its last committed block and rebuilds its books from the UTXO set.
///
/// Keys (docs/CHAIN.md): `g` chain ID · `m` tip · `b`+height → block · `h`+hash → height ·
/// `t`+txid → height ‖ index · `u`+output ID → UTXO entry · `o`+order ID → its output ID · `c`+height → commit certificate ·
/// `e` → the epoch state (validator sets, punishments, signed-block counts, fee pool) after the tip ·
/// `d`+scope → an armed dead-man switch's trigger height · `k`+key+asset+output ID → a coin the
/// key can spend and `i` → the block that coin index reflects (node-local, `CoinIndex`) ·
/// with a peg (ChainStore+Peg.swift): `w` → the peg record · `y`+sequence → a main-chain
/// header, in acceptance order · `z`+main-chain output ID → minted · `x`+height+output ID → a burn.
public struct ChainStore<Store: KeyValueStore>: Sendable {
    public let store: Store
    let suite: any CryptoSuite

    enum Prefix: UInt8 {
        case chain = 0x67  // g
        case tip = 0x6D  // m
        case block = 0x62  // b
        case hash = 0x68  // h
        case transaction = 0x74  // t
        case utxo = 0x75  // u
        case order = 0x6F  // o
        case certificate = 0x63  // c
        case epoch = 0x65  // e
        case deadMan = 0x64  // d
        case coin = 0x6B  // k
        case coinMarker = 0x69  // i
        case pegRecord = 0x77  // w
        case pegHeader = 0x79  // y
        case pegMinted = 0x7A  // z
        case pegBurn = 0x78  // x
    }

    static func key(_ prefix: Prefix, _ body: [UInt8] = []) -> [UInt8] { [prefix.rawValue] + body }

    static func heightKey(_ height: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: height >> UInt64(56 - 8 * $0)) }
    }

    static var commitBatchBytesMax: Int { 512 << 20 }

    public init(store: Store, suite: any CryptoSuite) {
        self.store = store
        self.suite = suite
    }

    /// Opens the chain: the stored state if there is one (checked against its commitment),
    /// else genesis, written down first. A store of another chain is refused. The coin index
    /// is rebuilt from the UTXO set when it does not reflect the tip.
    public func open(config: ChainConfig) throws(ChainError) -> ChainState {
        let state: ChainState
        if let chainID = try read(Self.key(.chain)) {
            guard chainID == config.chainID.bytes else { throw .storageCorrupt(reason: "the data folder holds another chain") }
            state = try load(config: config)
        } else {
            state = try initialize(config: config)
        }
        try ensureCoinIndex(state)
        return state
    }

    private func initialize(config: ChainConfig) throws(ChainError) -> ChainState {
        let state = try ChainState.genesis(config)
        var batch = WriteBatch()
        try put(&batch, Self.key(.chain), config.chainID.bytes)
        for (id, entry) in state.utxos.sortedEntries() { try put(&batch, Self.key(.utxo, id.bytes), entry.canonicalBytes) }
        try put(&batch, Self.key(.tip), TipRecord(height: 0, hash: state.tipHash, commitment: state.commitment, header: nil).canonicalBytes)
        try put(&batch, Self.key(.epoch), state.epoch.canonicalBytes)
        if let peg = state.peg { try put(&batch, Self.key(.pegRecord), PegRecord(peg).canonicalBytes) }
        try write(batch)
        return state
    }

    /// Writes a committed block, the certificate that finalized it (nil for a chain without
    /// consensus: tools and tests) and its effects in one synced batch.
    public func commit(_ block: Block, outcome: BlockOutcome, certificate: Certificate? = nil) throws(ChainError) {
        // A block is at most 64 MiB; its UTXO and index writes at most a few times that.
        var batch: WriteBatch
        do { batch = try WriteBatch(bytesMax: Self.commitBatchBytesMax) } catch { throw .storage(error) }
        let height = Self.heightKey(block.header.height)
        let hash = block.header.hash(suite: suite)
        try put(&batch, Self.key(.block, height), block.canonicalBytes)
        try put(&batch, Self.key(.hash, hash.bytes), height)
        if let certificate { try put(&batch, Self.key(.certificate, height), certificate.canonicalBytes) }
        precondition(outcome.transactionIDs.count == block.transactions.count + block.settlements.count, "outcome of this block")
        for (index, id) in outcome.transactionIDs.enumerated() {
            var location = ByteWriter(capacity: 12)
            location.writeRaw(height)
            location.write(UInt32(index))
            try put(&batch, Self.key(.transaction, id.bytes), location.bytes)
        }
        for (id, entry) in outcome.changes.spent {
            try delete(&batch, Self.key(.utxo, id.bytes))
            if let order = entry.order { try delete(&batch, Self.key(.order, order.orderID.bytes)) }
        }
        for (id, entry) in outcome.changes.created {
            try put(&batch, Self.key(.utxo, id.bytes), entry.canonicalBytes)
            if let order = entry.order { try put(&batch, Self.key(.order, order.orderID.bytes), id.bytes) }
        }
        let tip = TipRecord(height: block.header.height, hash: hash, commitment: outcome.commitment, header: block.header)
        try put(&batch, Self.key(.tip), tip.canonicalBytes)
        try put(&batch, Self.key(.epoch), outcome.epoch.canonicalBytes)
        try putDeadManChanges(outcome, into: &batch)
        try putPegChanges(outcome, height: block.header.height, into: &batch)
        try putCoinIndexChanges(outcome, height: block.header.height, hash: hash, into: &batch)
        try write(batch)
    }

    /// The committed block at `height`.
    public func block(at height: UInt64) throws(ChainError) -> Block? {
        guard let bytes = try read(Self.key(.block, Self.heightKey(height))) else { return nil }
        do { return try Block(canonicalBytes: bytes) } catch { throw .storageCorrupt(reason: "block \(height): \(error.message)") }
    }

    /// The commit certificate of the block at `height`, if it was stored with one.
    public func certificate(at height: UInt64) throws(ChainError) -> Certificate? {
        guard let bytes = try read(Self.key(.certificate, Self.heightKey(height))) else { return nil }
        do { return try Certificate(canonicalBytes: bytes) } catch {
            throw .storageCorrupt(reason: "certificate \(height): \(error.message)")
        }
    }

    /// Where a committed transaction is: block height and index (user transactions, then
    /// settlements).
    public func location(ofTransaction id: Hash256) throws(ChainError) -> (height: UInt64, index: UInt32)? {
        guard let bytes = try read(Self.key(.transaction, id.bytes)), bytes.count == 12 else { return nil }
        let height = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var reader = ByteReader(Array(bytes[8...]))
        guard let index = try? reader.readUInt32() else { return nil }
        return (height, index)
    }

    /// The output that holds what remains of a resting order.
    public func output(ofOrder orderID: Hash256) throws(ChainError) -> Hash256? {
        guard let bytes = try read(Self.key(.order, orderID.bytes)) else { return nil }
        return try? Hash256(bytes: bytes)
    }

    func read(_ key: [UInt8]) throws(ChainError) -> [UInt8]? {
        do { return try store.get(key) } catch { throw .storage(error) }
    }

    func put(_ batch: inout WriteBatch, _ key: [UInt8], _ value: [UInt8]) throws(ChainError) {
        do { try batch.put(key, value) } catch { throw .storage(error) }
    }

    func delete(_ batch: inout WriteBatch, _ key: [UInt8]) throws(ChainError) {
        do { try batch.delete(key) } catch { throw .storage(error) }
    }

    func write(_ batch: WriteBatch) throws(ChainError) {
        do { try store.write(batch, sync: true) } catch { throw .storage(error) }
    }
}
