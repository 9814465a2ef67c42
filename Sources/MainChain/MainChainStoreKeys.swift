import Primitives
import Storage

/// The main chain's store layout: one byte of prefix per table.
///
/// | key | value |
/// |-----|-------|
/// | `m` "genesis" | the main-chain ID |
/// | `m` "tip" | the hash of the block the UTXO tables are at |
/// | `b` hash | block canonical bytes (every block whose header was accepted) |
/// | `u` hash | `BlockUndo` of a connected block |
/// | `h` height (u64 BE) | best-chain block hash |
/// | `a` arrival (u64 BE) | block hash, in header arrival order (a reload accepts them again) |
/// | `o` output ID | `MainChainOutputRecord` |
/// | `s` output ID | height it was spent at (u64 LE): spent on the best chain |
/// | `p` burn ID | (empty): a paid peg-out burn |
/// | `i` u16 BE length ‖ holder program ‖ output ID | (empty): an unspent output its holder holds (`HolderIndex`) |
/// | `m` "holders" | u8 version: the holder index is complete (a store from before it gets it built on open) |
enum StoreKey {
    static let genesis: [UInt8] = Array("mgenesis".utf8)
    static let tip: [UInt8] = Array("mtip".utf8)
    static let holderIndexVersion: [UInt8] = Array("mholders".utf8)
    /// The holder index layout written by this code.
    static let holderIndexCurrent: [UInt8] = [1]
    static let blockPrefix: [UInt8] = [UInt8(ascii: "b")]
    static let undoPrefix: [UInt8] = [UInt8(ascii: "u")]
    static let heightPrefix: [UInt8] = [UInt8(ascii: "h")]
    static let arrivalPrefix: [UInt8] = [UInt8(ascii: "a")]
    static let outputPrefix: [UInt8] = [UInt8(ascii: "o")]
    static let spentPrefix: [UInt8] = [UInt8(ascii: "s")]
    static let burnPrefix: [UInt8] = [UInt8(ascii: "p")]
    static let holderPrefix: [UInt8] = [UInt8(ascii: "i")]

    static func block(_ hash: Hash256) -> [UInt8] { blockPrefix + hash.bytes }
    static func undo(_ hash: Hash256) -> [UInt8] { undoPrefix + hash.bytes }
    static func height(_ height: UInt64) -> [UInt8] { heightPrefix + bigEndian(height) }
    static func arrival(_ arrival: UInt64) -> [UInt8] { arrivalPrefix + bigEndian(arrival) }
    static func output(_ id: Hash256) -> [UInt8] { outputPrefix + id.bytes }
    static func spent(_ id: Hash256) -> [UInt8] { spentPrefix + id.bytes }
    static func burn(_ id: Hash256) -> [UInt8] { burnPrefix + id.bytes }

    /// Big-endian so that keys sort by number.
    static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) } }
}

extension KeyValueReader {
    /// Every entry under `prefix`, page by page (a devnet's tables fit in memory).
    func scanAll(prefix: [UInt8], pageSize: Int = 10_000) throws(StorageError) -> [KeyValueEntry] {
        var all: [KeyValueEntry] = []
        var start: [UInt8]? = nil
        while true {
            let page = try scan(prefix: prefix, from: start, limit: pageSize)
            all.append(contentsOf: page)
            guard page.count == pageSize, let last = page.last else { return all }
            start = last.key + [0]
        }
    }
}
