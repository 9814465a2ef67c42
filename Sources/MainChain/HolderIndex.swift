import Crypto
import Ledger
import Primitives
import Storage

/// The main chain's holder index: for every unspent output, a store entry keyed by the
/// program that holds it, then the output ID, so a wallet or the federation lists what a
/// program holds in output-ID order (RPC kind 7, `outputsHeldBy`) without a scan of the
/// whole UTXO set.
///
/// The holder of a `federationDeposit` output is its federation's plain multisig program:
/// the federation's deposits and the change of its spends list together, which is what it
/// holds on the main chain (docs/PEG.md). Any other output is held by its own program.
///
/// Entries are written in the same synced batch as the UTXO change they follow (added and
/// restored outputs gain one, spent and uncreated ones lose it), so a reorganization's
/// disconnections undo them and the recovery path that finishes an interrupted
/// reorganization rebuilds them with the rest.
public enum HolderIndex {
    /// Longest holder program key (a 16-key multisig is far below; anything longer is not a
    /// program the main chain carries).
    public static let holderBytesMax = 4_096

    /// The program an output locked by `program` counts as held by.
    public static func holder(of program: ControlProgram) -> ControlProgram {
        if case .federationDeposit(let deposit) = program { return deposit.federation.multisigProgram }
        return program
    }

    /// The store key prefix of every entry of `holder`'s: `i` ‖ u16 big-endian length ‖ the
    /// program's canonical bytes (length first, so one holder's prefix is never another's).
    static func prefix(of holder: ControlProgram) -> [UInt8] {
        let bytes = holder.canonicalBytes
        precondition(bytes.count <= holderBytesMax, "a program the main chain carries is far below the bound")
        return StoreKey.holderPrefix + [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)] + bytes
    }

    /// The entry of output `id` locked by `program`.
    static func key(outputID id: Hash256, program: ControlProgram) -> [UInt8] {
        prefix(of: holder(of: program)) + id.bytes
    }

    /// Adds to `batch` every entry of `entries` (building the index of a store written before it existed).
    static func put(_ entries: [Hash256: MainChainOutputRecord], into batch: inout WriteBatch) throws(StorageError) {
        for id in entries.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            guard let entry = entries[id] else { continue }
            try batch.put(key(outputID: id, program: entry.output.program), [])
        }
    }
}

/// One output of a holder's page: its ID and the unspent output with its block.
public struct HeldOutput: Hashable, Sendable, CanonicalCodable {
    public let outputID: Hash256
    public let record: MainChainOutputRecord

    public init(outputID: Hash256, record: MainChainOutputRecord) {
        self.outputID = outputID
        self.record = record
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(outputID)
        record.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(outputID: try reader.readHash(), record: try MainChainOutputRecord(from: &reader))
    }
}

/// A page of the outputs a program holds, in output-ID order; `more` when outputs after the
/// last one remain (ask again with `after:` the last ID).
public struct MainChainOutputPage: Hashable, Sendable {
    /// Most outputs one page holds.
    public static let limitMax = 500
    /// Most bytes of outputs one page carries: a page stops early (with `more`) before its
    /// outputs pass this, so a response stays under `MainChainResponse.bytesMax` whatever
    /// the programs' sizes.
    public static let bytesMax = 512 * 1_024

    public let outputs: [HeldOutput]
    public let more: Bool

    public init(outputs: [HeldOutput], more: Bool) {
        self.outputs = outputs
        self.more = more
    }

    /// The ID to ask for the next page after, when there is one.
    public var nextAfter: Hash256? { more ? outputs.last?.outputID : nil }
}

extension MainChainCore {
    /// Up to `limit` (1...`MainChainOutputPage.limitMax`) unspent outputs held by `program`
    /// (by `HolderIndex.holder(of:)`: asking with a deposit program lists its federation's
    /// holdings) with output ID above `after`, in output-ID order.
    public func outputs(heldBy program: ControlProgram, after: Hash256?, limit: Int) throws(MainChainError) -> MainChainOutputPage {
        guard (1...MainChainOutputPage.limitMax).contains(limit) else {
            throw .pageLimitInvalid(limit: limit, max: MainChainOutputPage.limitMax)
        }
        let holder = HolderIndex.holder(of: program)
        guard holder.canonicalBytes.count <= HolderIndex.holderBytesMax else {
            throw .requestMalformed(reason: "the holder program is over \(HolderIndex.holderBytesMax) bytes")
        }
        let prefix = HolderIndex.prefix(of: holder)
        let found: [KeyValueEntry]
        // Keys after `after`: its own key ‖ 0 is the least key above it.
        do { found = try store.scan(prefix: prefix, from: after.map { prefix + $0.bytes + [0] }, limit: limit + 1) } catch {
            throw .storage(error)
        }
        var outputs: [HeldOutput] = []
        var bytes = 0
        for entry in found.prefix(limit) {
            guard let id = try? Hash256(bytes: Array(entry.key.dropFirst(prefix.count))), let record = state.entries[id] else {
                throw .storeCorrupt("holder index entry \(Hex.encode(entry.key)) names no unspent output")
            }
            let held = HeldOutput(outputID: id, record: record)
            bytes += held.canonicalBytes.count
            // At least one output per page, so paging always moves on.
            guard bytes <= MainChainOutputPage.bytesMax || outputs.isEmpty else { return MainChainOutputPage(outputs: outputs, more: true) }
            outputs.append(held)
        }
        return MainChainOutputPage(outputs: outputs, more: found.count > limit)
    }
}
