import Foundation

// The coin index's queries and answers (docs/PROTOCOL.md §8.2, §8.3): shapes only; whether a
// key is valid for the chain's suite and an asset is the chain's is the gateway's to judge.

extension Lodestone_V1_CoinsQuery {
    /// A key of 1 ... 65 bytes, an asset of 32 bytes or none, a 64-byte cursor or none, and
    /// a limit of 1 ... `WireLimits.coinsPageMax`.
    func validate() throws(WireError) {
        try WireCheck.length(publicKey, in: 1...WireLimits.maxPublicKeyBytes, "public_key")
        try WireCheck.optionalID(asset, "asset")
        if !after.isEmpty {
            try WireCheck.length(after, in: WireLimits.coinsCursorBytes...WireLimits.coinsCursorBytes, "after")
            if !asset.isEmpty && after.prefix(WireLimits.idBytes) != asset {
                throw WireError(.invalidValue, field: "after", "the cursor is in another asset than the query's")
            }
        }
        guard (1...UInt32(WireLimits.coinsPageMax)).contains(limit) else {
            throw WireError(.invalidValue, field: "limit", "\(limit), want 1...\(WireLimits.coinsPageMax)")
        }
    }
}

extension Lodestone_V1_BalancesQuery {
    /// A key of 1 ... 65 bytes.
    func validate() throws(WireError) {
        try WireCheck.length(publicKey, in: 1...WireLimits.maxPublicKeyBytes, "public_key")
    }
}

extension Lodestone_V1_Coins {
    /// At most `WireLimits.coinsPageMax` valid coins, a 64-byte cursor or none.
    func validate() throws(WireError) {
        try WireCheck.count(coins.count, max: WireLimits.coinsPageMax, "coins")
        for (index, coin) in coins.enumerated() {
            do { try coin.validate() } catch { throw error.within("coins[\(index)]") }
        }
        if !nextAfter.isEmpty {
            try WireCheck.length(nextAfter, in: WireLimits.coinsCursorBytes...WireLimits.coinsCursorBytes, "next_after")
        }
    }
}

extension Lodestone_V1_Coin {
    /// 32-byte output ID and asset, an amount above 0, a 32-byte order ID or none.
    func validate() throws(WireError) {
        try WireCheck.id(outputID, "output_id")
        try WireCheck.id(asset, "asset")
        try WireCheck.positive(amount, "amount")
        try WireCheck.optionalID(orderID, "order_id")
    }
}

extension Lodestone_V1_Balances {
    /// At most `WireLimits.maxBalanceAssets` entries, each a 32-byte asset, in increasing
    /// asset order without repeats.
    func validate() throws(WireError) {
        try WireCheck.count(assets.count, max: WireLimits.maxBalanceAssets, "assets")
        var previous: Data?
        for (index, balance) in assets.enumerated() {
            do { try WireCheck.id(balance.asset, "asset") } catch { throw error.within("assets[\(index)]") }
            if let previous, !previous.lexicographicallyPrecedes(balance.asset) {
                throw WireError(.invalidValue, field: "assets[\(index)].asset", "assets must be in increasing order")
            }
            previous = balance.asset
        }
    }
}
