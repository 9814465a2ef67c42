import Foundation
import Gateway
import LodestoneWire
import Primitives
import ZeroMQ

/// The coins a maker's key can spend, read from the node's coin index (CoinsQuery, page by
/// page): on a fresh devnet its genesis outputs, on a used one whatever earlier runs left
/// (change, proceeds, returned orders). Resting orders are left out: they are not spendable
/// without cancelling them.
enum CoinQuery {
    /// Coins per page: the gateway's largest.
    static let pageLimit: UInt32 = 500
    /// Pages read per asset at most (100,000 coins): a key holding more is refused.
    static let pagesMax = 200
    /// Retries of one page the gateway refused for the connection's rate (7201), 50 ms apart.
    static let rateLimitedRetriesMax = 100

    /// The free coins of `key` in each of `assets`, largest first.
    static func freeCoins(
        of publicKey: [UInt8], assets: [AssetID], context: ZMQContext, endpoint: String
    ) throws -> [AssetID: [SpendableCoin]] {
        let socket = try ZMQSocket(context, type: .dealer)
        try socket.setOption(.receiveTimeoutMs, 5_000)
        try socket.connect(endpoint)
        var found: [AssetID: [SpendableCoin]] = [:]
        var requests = 0
        for asset in assets {
            var coins = [SpendableCoin]()
            var after = Data()
            var pages = 0
            repeat {
                guard pages < pagesMax else {
                    throw LoadgenError("the key holds more than \(pagesMax * Int(pageLimit)) coins of \(asset); merge them first")
                }
                pages += 1
                var query = Lodestone_V1_CoinsQuery()
                query.publicKey = Data(publicKey)
                query.asset = Data(asset.hash.bytes)
                query.after = after
                query.limit = pageLimit
                let page = try answer(to: query, socket: socket, requests: &requests)
                for coin in page.coins where coin.orderID.isEmpty {
                    coins.append(SpendableCoin(id: try Hash256(bytes: coin.outputID), amount: coin.amount))
                }
                after = page.nextAfter
            } while !after.isEmpty
            found[asset] = coins.sorted { $0.amount > $1.amount }
        }
        return found
    }

    private static func answer(
        to query: Lodestone_V1_CoinsQuery, socket: ZMQSocket, requests: inout Int
    ) throws -> Lodestone_V1_Coins {
        for _ in 0...rateLimitedRetriesMax {
            requests += 1
            let response = try MarketMaker.exchange(Lodestone_V1_Request(clientOrderID: "coins-\(requests)", .coins(query)), on: socket)
            switch response.result {
            case .coins(let coins): return coins
            case .reject(let reject) where reject.code == 7201:
                Thread.sleep(forTimeInterval: 0.05)
            case .reject(let reject):
                throw LoadgenError("coins query refused: \(reject.name) (\(reject.code)): \(reject.text)")
            default:
                throw LoadgenError("coins query answered with \(response)")
            }
        }
        throw LoadgenError("coins query rate-limited \(rateLimitedRetriesMax + 1) times in a row")
    }
}
