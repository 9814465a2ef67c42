import Crypto
import Foundation
import Primitives
import Storage

/// One burn with the height of the block that made it.
public struct HeightedBurn: Hashable, Sendable {
    public let height: UInt64
    public let burn: PegBurn

    public init(height: UInt64, burn: PegBurn) {
        self.height = height
        self.burn = burn
    }
}

/// One page of burns, read at the committed block `height`.
public struct BurnPage: Hashable, Sendable {
    /// By height, then output ID; every one at or below `height`.
    public let burns: [HeightedBurn]
    /// The committed tip the page was read at.
    public let height: UInt64
    /// Whether more burns follow the last one listed (at or below `height`).
    public let more: Bool
}

/// Where the gateway reads the sidechain's burns (docs/PROTOCOL.md §8.2 `BurnsQuery`).
public protocol BurnSource: Sendable {
    /// Up to `limit` burns of blocks `height` and later, after the burn `after` at `height`
    /// when given, by height then output ID.
    func burns(from height: UInt64, after: Hash256?, limit: Int) throws(ChainError) -> BurnPage
}

/// Reads the burn index (`ChainStore`'s `x ‖ height ‖ output ID` entries, written with each
/// block) for the gateway, from any thread: one store snapshot per call, so a page and the
/// tip it names agree even while the block thread commits; one bounded scan.
public struct BurnReader<Store: KeyValueStore>: BurnSource {
    /// Most burns one page lists.
    public static var pageBurnsMax: Int { 500 }

    let store: Store

    /// Reads `store` (the chain's).
    public init(store: Store) { self.store = store }

    public func burns(from height: UInt64, after: Hash256?, limit: Int) throws(ChainError) -> BurnPage {
        precondition((1...Self.pageBurnsMax).contains(limit), "the gateway bounds the page")
        let snapshot: Store.Snapshot
        do { snapshot = try store.snapshot() } catch { throw .storage(error) }
        let tipBytes: [UInt8]?
        do { tipBytes = try snapshot.get(ChainStore<Store>.key(.tip)) } catch { throw .storage(error) }
        guard let tipBytes else { throw .storageCorrupt(reason: "no tip record") }
        let tip: TipRecord
        do { tip = try TipRecord(canonicalBytes: tipBytes) } catch { throw .storageCorrupt(reason: "tip: \(error.message)") }
        let prefix = ChainStore<Store>.key(.pegBurn)
        // Just past the cursor's own entry (a key with a 0 appended sorts right after it).
        let start = prefix + ChainStore<Store>.heightKey(height) + (after.map { $0.bytes + [0] } ?? [])
        let entries: [KeyValueEntry]
        do { entries = try snapshot.scan(prefix: prefix, from: start, limit: limit + 1) } catch { throw .storage(error) }
        var burns: [HeightedBurn] = []
        burns.reserveCapacity(min(entries.count, limit))
        for entry in entries.prefix(limit) {
            guard entry.key.count == 1 + 8 + 32 else { throw .storageCorrupt(reason: "burn key of \(entry.key.count) bytes") }
            let burnHeight = entry.key[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let burn: PegBurn
            do { burn = try PegBurn(canonicalBytes: entry.value) } catch { throw .storageCorrupt(reason: "burn: \(error.message)") }
            guard burnHeight <= tip.height, Array(entry.key[9...]) == burn.outputID.bytes else {
                throw .storageCorrupt(
                    reason: "burn \(burn.outputID) at height \(burnHeight) does not match its key or the tip \(tip.height)")
            }
            burns.append(HeightedBurn(height: burnHeight, burn: burn))
        }
        return BurnPage(burns: burns, height: tip.height, more: entries.count > limit)
    }
}
