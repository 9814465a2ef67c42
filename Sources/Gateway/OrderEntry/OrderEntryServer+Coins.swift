import Chain
import Crypto
import Foundation
import LodestoneWire
import Primitives

/// Coins and balances queries (docs/PROTOCOL.md §8.2): answered on the gateway thread from
/// the node's coin index, read through a store snapshot, so they never wait on or slow the
/// block thread. Each answer is bounded (one page, or at most `CoinIndex.holdingsCoinsMax`
/// coins summed) and charged to the connection's token bucket by that work.
extension OrderEntryServer {
    /// Coins a token pays for in a coins page; a page of `limit` costs `ceil(limit / 100)`.
    static let coinsPerToken = 100
    /// Tokens a balances query costs: it sums up to `CoinIndex.holdingsCoinsMax` coins.
    static let balancesTokens: UInt64 = 10

    /// Tokens `request` costs beyond the one every request pays.
    static func queryExtraTokens(_ request: Lodestone_V1_Request) -> UInt64 {
        switch request.body {
        case .coins(let query)?: UInt64((Int(query.limit) + coinsPerToken - 1) / coinsPerToken) - 1
        case .balances?: balancesTokens - 1
        default: 0
        }
    }

    /// The answer to a coins query, or its refusal.
    func answerCoins(_ query: Lodestone_V1_CoinsQuery, clientOrderID: String) -> Lodestone_V1_Response {
        let key: PublicKey
        let asset: AssetID?
        do throws(GatewayError) {
            key = try publicKey(query.publicKey)
            asset = try query.asset.isEmpty ? nil : knownAsset(query.asset)
        } catch {
            return .reject(clientOrderID, Rejection(error))
        }
        // The wire check made the cursor 64 bytes (and in the query's asset) when present.
        let after = query.after.isEmpty ? nil : CoinCursor(bytes: [UInt8](query.after))
        let page: CoinPage
        do { page = try coinSource.coins(of: key, asset: asset, after: after, limit: Int(query.limit)) } catch {
            counters.count(\.coinsUnavailable)
            return .reject(clientOrderID, Rejection(GatewayError(.coinsUnavailable, "\(error)")))
        }
        counters.count(\.coinsQueries)
        if after != nil && page.coins.isEmpty {
            return .reject(
                clientOrderID, Rejection(GatewayError(.pagePastEnd, "no coin of the key after the cursor at height \(page.height)")))
        }
        var coins = Lodestone_V1_Coins()
        coins.height = page.height
        coins.coins = page.coins.map { coin in
            var wire = Lodestone_V1_Coin()
            wire.outputID = coin.outputID.data
            wire.asset = coin.asset.hash.data
            wire.amount = coin.amount.units
            if let orderID = coin.orderID { wire.orderID = orderID.data }
            return wire
        }
        if let next = page.next { coins.nextAfter = Data(next.bytes) }
        var response = Lodestone_V1_Response()
        response.clientOrderID = clientOrderID
        response.result = .coins(coins)
        return response
    }

    /// The answer to a balances query, or its refusal.
    func answerBalances(_ query: Lodestone_V1_BalancesQuery, clientOrderID: String) -> Lodestone_V1_Response {
        let key: PublicKey
        do throws(GatewayError) { key = try publicKey(query.publicKey) } catch { return .reject(clientOrderID, Rejection(error)) }
        let holdings: KeyHoldings?
        do { holdings = try coinSource.holdings(of: key) } catch {
            counters.count(\.coinsUnavailable)
            return .reject(clientOrderID, Rejection(GatewayError(.coinsUnavailable, "\(error)")))
        }
        guard let holdings, holdings.assets.count <= WireLimits.maxBalanceAssets else {
            return .reject(
                clientOrderID,
                Rejection(
                    GatewayError(
                        .tooManyCoins,
                        "the key has more than \(CoinIndex.holdingsCoinsMax) coins or \(WireLimits.maxBalanceAssets) assets; page with a coins query"
                    )))
        }
        counters.count(\.balancesQueries)
        var balances = Lodestone_V1_Balances()
        balances.height = holdings.height
        balances.assets = holdings.assets.map { holding in
            var wire = Lodestone_V1_AssetBalance()
            wire.asset = holding.asset.hash.data
            wire.free = holding.free.units
            wire.inOrders = holding.inOrders.units
            wire.pendingIn = holding.pendingIn.units
            wire.pendingOut = holding.pendingOut.units
            return wire
        }
        var response = Lodestone_V1_Response()
        response.clientOrderID = clientOrderID
        response.result = .balances(balances)
        return response
    }

    /// A key the chain's suite accepts; other bytes are refused as `bad_field`.
    func publicKey(_ bytes: Data) throws(GatewayError) -> PublicKey {
        guard let key = try? PublicKey(bytes: [UInt8](bytes)), config.suite.isValid(publicKey: key) else {
            throw GatewayError(.badField, "public_key: \(bytes.count) bytes that are not a key of the chain's suite")
        }
        return key
    }

    /// An asset the chain lists; any other is `unknown_asset`.
    func knownAsset(_ bytes: Data) throws(GatewayError) -> AssetID {
        guard let hash = try? Hash256(bytes: [UInt8](bytes)), knownAssets.contains(AssetID(hash)) else {
            throw GatewayError(.unknownAsset, "asset \(bytes.map { String(format: "%02x", $0) }.joined()) is not one of the chain's")
        }
        return AssetID(hash)
    }
}
