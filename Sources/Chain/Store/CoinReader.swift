import Crypto
import Foundation
import Primitives
import Storage

/// Reads the coin index for the gateway, from any thread: each call reads one snapshot of
/// the store (so a page and its height agree even while the block thread commits) and does
/// bounded work, one page or at most `CoinIndex.holdingsCoinsMax` coins.
public struct CoinReader<Store: KeyValueStore>: CoinSource {
    let store: Store
    /// The pool's view of what is pending; nil for a reader without a pool.
    let pending: (any PendingHoldings)?

    /// Reads `store` (the chain's; its index is kept by `ChainStore`), with what `pending`
    /// says the pool will change.
    public init(store: Store, pending: (any PendingHoldings)?) {
        self.store = store
        self.pending = pending
    }

    /// Up to `limit` (1 ... `CoinIndex.pageCoinsMax`) coins of `key` (in `asset`, when given) after
    /// `after`, by asset then output ID. `next` is set only when more coins follow.
    public func coins(of key: PublicKey, asset: AssetID?, after: CoinCursor?, limit: Int) throws(ChainError) -> CoinPage {
        precondition((1...CoinIndex.pageCoinsMax).contains(limit), "the gateway bounds the page")
        let snapshot: Store.Snapshot
        do { snapshot = try store.snapshot() } catch { throw .storage(error) }
        let height = try Self.height(snapshot)
        let prefix = CoinIndex.prefix(of: key, asset: asset)
        // Just past the cursor's own entry: the page starts after it.
        let start = after.map { CoinIndex.entryKey(key, asset: $0.asset, outputID: $0.outputID) + [0] }
        let entries: [KeyValueEntry]
        do { entries = try snapshot.scan(prefix: prefix, from: start, limit: limit + 1) } catch { throw .storage(error) }
        let keyPrefixCount = CoinIndex.prefix(of: key).count
        var coins: [Coin] = []
        coins.reserveCapacity(min(entries.count, limit))
        for entry in entries.prefix(limit) {
            coins.append(try CoinIndex.coin(key: entry.key, value: entry.value, prefixCount: keyPrefixCount))
        }
        let next = entries.count > limit ? coins.last.map { CoinCursor(asset: $0.asset, outputID: $0.outputID) } : nil
        return CoinPage(coins: coins, next: next, height: height)
    }

    /// How often `holdings` reads the index and the pool again when they reflect different
    /// blocks (the block thread writes the index, then re-checks the pool: a read between the
    /// two would count a just-committed transaction both as committed and as pending).
    static var consistentReadAttemptsMax: Int { 50 }
    /// The pause between those attempts.
    static var consistentReadPauseMs: Int { 1 }

    /// Per asset: the key's committed free coins and orders, and what the pool pays to it
    /// and spends of them, the index and the pool at the same block; nil when the key has
    /// more than `CoinIndex.holdingsCoinsMax` coins. Throws `storageCorrupt` when the two
    /// do not meet at one block within the attempts (the block thread is behind).
    public func holdings(of key: PublicKey) throws(ChainError) -> KeyHoldings? {
        for attempt in 1...Self.consistentReadAttemptsMax {
            let snapshot: Store.Snapshot
            do { snapshot = try store.snapshot() } catch { throw .storage(error) }
            let height = try Self.height(snapshot)
            let entries: [KeyValueEntry]
            do { entries = try snapshot.scan(prefix: CoinIndex.prefix(of: key), limit: CoinIndex.holdingsCoinsMax + 1) } catch {
                throw .storage(error)
            }
            guard entries.count <= CoinIndex.holdingsCoinsMax else { return nil }
            let keyPrefixCount = CoinIndex.prefix(of: key).count
            var coins: [Coin] = []
            coins.reserveCapacity(entries.count)
            for entry in entries { coins.append(try CoinIndex.coin(key: entry.key, value: entry.value, prefixCount: keyPrefixCount)) }
            let pooled = pending?.pending(of: key, committed: coins.map(\.outputID)) ?? (height: height, payingIn: [:], spent: [])
            guard pooled.height == height else {
                if attempt < Self.consistentReadAttemptsMax { Thread.sleep(forTimeInterval: Double(Self.consistentReadPauseMs) / 1_000) }
                continue
            }
            return try Self.holdings(key: key, height: height, coins: coins, payingIn: pooled.payingIn, spent: pooled.spent)
        }
        throw .storageCorrupt(
            reason: "the pool and the coin index did not reflect the same block within \(Self.consistentReadAttemptsMax) reads")
    }

    static func holdings(
        key: PublicKey, height: UInt64, coins: [Coin], payingIn: [AssetID: Amount], spent: Set<Hash256>
    ) throws(ChainError) -> KeyHoldings {
        var byAsset: [AssetID: AssetHoldings] = [:]
        do throws(PrimitivesError) {
            for coin in coins {
                var holding = byAsset[coin.asset] ?? AssetHoldings(asset: coin.asset)
                if coin.orderID == nil {
                    holding.free = try holding.free.adding(coin.amount)
                } else {
                    holding.inOrders = try holding.inOrders.adding(coin.amount)
                }
                if spent.contains(coin.outputID) { holding.pendingOut = try holding.pendingOut.adding(coin.amount) }
                byAsset[coin.asset] = holding
            }
            for (asset, amount) in payingIn {
                var holding = byAsset[asset] ?? AssetHoldings(asset: asset)
                holding.pendingIn = try holding.pendingIn.adding(amount)
                byAsset[asset] = holding
            }
        } catch {
            // Each figure is part of one asset's supply, which fits in an amount.
            throw .storageCorrupt(reason: "holdings of \(key): \(error.message)")
        }
        let assets = byAsset.values.filter { !$0.isEmpty }.sorted { $0.asset < $1.asset }
        return KeyHoldings(height: height, assets: assets)
    }

    /// The height of the block the snapshot's index reflects.
    static func height(_ snapshot: Store.Snapshot) throws(ChainError) -> UInt64 {
        let marker: [UInt8]?
        do { marker = try snapshot.get(ChainStore<Store>.key(.coinMarker)) } catch { throw .storage(error) }
        guard let marker, marker.count == 41, marker[0] == CoinIndex.version else {
            throw .storageCorrupt(reason: "the coin index has no marker (it is being rebuilt)")
        }
        var reader = ByteReader(Array(marker[1..<9]))
        do { return try reader.readUInt64() } catch { throw .storageCorrupt(reason: "coin index marker: \(error.message)") }
    }
}
