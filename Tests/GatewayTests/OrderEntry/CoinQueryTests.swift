import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Primitives
import Testing

@Suite("Order-entry gateway: coins and balances queries from the node's coin index", .serialized)
struct CoinQueryTests {
    static let waitMs = GatewayNode.waitMs

    static func settings(burst: UInt64 = 2_000) -> OrderEntrySettings {
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        settings.burst = burst
        return settings
    }

    static func coinsQuery(
        _ key: PublicKey, asset: AssetID? = nil, after: Data = Data(), limit: UInt32 = 500
    ) -> Lodestone_V1_Request.OneOf_Body {
        var query = Lodestone_V1_CoinsQuery()
        query.publicKey = Data(key.bytes)
        if let asset { query.asset = Data(asset.hash.bytes) }
        query.after = after
        query.limit = limit
        return .coins(query)
    }

    static func balancesQuery(_ key: Data) -> Lodestone_V1_Request.OneOf_Body {
        var query = Lodestone_V1_BalancesQuery()
        query.publicKey = key
        return .balances(query)
    }

    /// Sends the request's protobuf bytes as they are (the client's own checks would stop the
    /// malformed ones before the gateway sees them) and reads the answer.
    func send(_ client: OrderEntryClient, _ body: Lodestone_V1_Request.OneOf_Body, id: String = "q") throws -> Lodestone_V1_Response {
        let request = Lodestone_V1_Request(clientOrderID: id, body)
        try client.sendFrames([try request.serializedBytes()])
        let response = try client.response(timeoutMs: Self.waitMs)
        // Refusals for the rate or the wire shape (71xx) come before the request is read (today
        // they name no request); every other answer echoes it.
        if let code = code(response), code == 7201 || code / 100 == 71 { return response }
        #expect(response.clientOrderID == id)
        return response
    }

    func code(_ response: Lodestone_V1_Response) -> UInt32? {
        if case .reject(let reject)? = response.result { reject.code } else { nil }
    }

    /// Every coin of `key`, page by page (`limit` per page); the pages' heights.
    func walk(_ client: OrderEntryClient, _ key: PublicKey, asset: AssetID? = nil, limit: UInt32) throws -> (
        coins: [Lodestone_V1_Coin], heights: Set<UInt64>
    ) {
        var (coins, heights, after) = ([Lodestone_V1_Coin](), Set<UInt64>(), Data())
        for page in 0..<1_000 {
            let response = try send(client, Self.coinsQuery(key, asset: asset, after: after, limit: limit), id: "page-\(page)")
            guard case .coins(let result)? = response.result else {
                Issue.record("page \(page) refused: \(response)")
                break
            }
            #expect(result.coins.count <= Int(limit))
            coins += result.coins
            heights.insert(result.height)
            guard !result.nextAfter.isEmpty else { break }
            #expect(result.coins.count == Int(limit), "only the last page is short")
            after = result.nextAfter
        }
        return (coins, heights)
    }

    @Test("a live node pages through a key's coins one at a time: each genesis coin exactly once, by asset then output ID")
    func paginationWalksEveryCoinOnce() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        defer { client.close() }
        let key = gateway.trader(1).publicKey
        let expected = gateway.config.genesis.allocations.indices
            .filter { gateway.config.genesis.allocations[$0].program == .payToKey(key) }
            .map { index in
                let allocation = gateway.config.genesis.allocations[index]
                let id = Transaction.outputID(transactionID: gateway.config.chainID, index: index, suite: gateway.config.suite)
                return (asset: gateway.config.assetIDs[allocation.asset]!, id: id, amount: allocation.amount.units)
            }
            .sorted { ($0.asset, $0.id) < ($1.asset, $1.id) }
        #expect(expected.count >= 2)
        let (coins, heights) = try walk(client, key, limit: 1)
        #expect(coins.map(\.outputID) == expected.map { Data($0.id.bytes) })
        #expect(coins.map(\.amount) == expected.map(\.amount))
        #expect(coins.map(\.asset) == expected.map { Data($0.asset.hash.bytes) })
        #expect(heights == [0])
        let btc = gateway.config.assetIDs["BTC"]!
        let (btcCoins, _) = try walk(client, key, asset: btc, limit: 2)
        #expect(btcCoins.map(\.outputID) == expected.filter { $0.asset == btc }.map { Data($0.id.bytes) })
        #expect((gateway.node.gatewayCounters?.current.coinsQueries ?? 0) >= expected.count)
    }

    @Test(
        "balances of a seller: the coin an order spends is pending_out and the order and change pending_in until the block, then in_orders and free"
    )
    func balancesAcrossTheBlock() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        defer { client.close() }
        let seller = gateway.trader(1)
        let coin = gateway.genesisCoin(seller, asset: "BTC")
        let size: UInt64 = 1_000_000
        let sell = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .order(.sell, price: 30_000_000_000, size: size, from: coin, key: seller)
        func btcBalance() throws -> Lodestone_V1_AssetBalance? {
            let response = try send(client, Self.balancesQuery(Data(seller.publicKey.bytes)))
            guard case .balances(let balances)? = response.result else { return nil }
            return balances.assets.first { $0.asset == Data(gateway.config.assetIDs["BTC"]!.hash.bytes) }
        }
        let before = try #require(try btcBalance())
        #expect((before.free, before.inOrders, before.pendingIn, before.pendingOut) == (coin.amount, 0, 0, 0))

        guard case .ack? = try client.send(.place(sell, clientOrderID: "sell"), timeoutMs: Self.waitMs).result else {
            Issue.record("the order was not acked")
            return
        }
        let pooled = try #require(try btcBalance())
        #expect((pooled.free, pooled.inOrders, pooled.pendingIn, pooled.pendingOut) == (coin.amount, 0, coin.amount, coin.amount))

        try gateway.produceBlock()
        let committed = try #require(try btcBalance())
        #expect((committed.free, committed.inOrders, committed.pendingIn, committed.pendingOut) == (coin.amount - size, size, 0, 0))
        let (coins, heights) = try walk(client, seller.publicKey, asset: gateway.config.assetIDs["BTC"]!, limit: 500)
        let orderID = Transaction.outputID(transactionID: sell.id(suite: gateway.config.suite), index: 0, suite: gateway.config.suite)
        #expect(coins.contains { $0.orderID == Data(orderID.bytes) && $0.outputID == Data(orderID.bytes) && $0.amount == size })
        #expect(heights == [1])
    }

    @Test(
        "bad input is refused with its code and changes nothing: malformed keys, unknown assets, oversized pages, bad and spent-out cursors"
    )
    func refusals() throws {
        let gateway = try StandaloneGateway(settings: Self.settings())
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        let key = GatewayNode.key("trader-1").publicKey
        let notAKey = try PublicKey(bytes: [UInt8](repeating: 0xFF, count: 32))
        let btc = gateway.config.assetIDs["BTC"]!
        let usdt = gateway.config.assetIDs["USDT"]!
        let unknownAsset = AssetID(try Hash256(bytes: [UInt8](repeating: 0xAB, count: 32)))
        let cases: [(String, Lodestone_V1_Request.OneOf_Body, UInt32)] = [
            ("a key that is no point of the curve", Self.coinsQuery(notAKey), 7208),
            ("an empty key", Self.balancesQuery(Data()), 7107),
            ("a 66-byte key", Self.balancesQuery(Data(repeating: 2, count: 66)), 7107),
            ("balances of a key that is no point", Self.balancesQuery(Data(notAKey.bytes)), 7208),
            ("an asset the chain does not list", Self.coinsQuery(key, asset: unknownAsset), 7230),
            ("a page of 0", Self.coinsQuery(key, limit: 0), 7109),
            ("a page over 500", Self.coinsQuery(key, limit: 501), 7109),
            ("a cursor of 10 bytes", Self.coinsQuery(key, after: Data(repeating: 0, count: 10)), 7107),
            (
                "a cursor in another asset",
                Self.coinsQuery(key, asset: btc, after: Data(usdt.hash.bytes + [UInt8](repeating: 0, count: 32))), 7109
            ),
            ("a cursor past every coin", Self.coinsQuery(key, after: Data(repeating: 0xFF, count: 64)), 7231),
        ]
        for (name, body, expected) in cases {
            #expect(code(try send(client, body)) == expected, "\(name)")
        }
        // A valid key that holds nothing is not refused: its first page is empty and the last.
        let nobody = GatewayNode.key("trader-9").publicKey
        let response = try send(client, Self.coinsQuery(nobody))
        guard case .coins(let empty)? = response.result else {
            Issue.record("refused: \(response)")
            return
        }
        #expect(empty.coins.isEmpty && empty.nextAfter.isEmpty && empty.height == 0)
        #expect(code(try send(client, Self.balancesQuery(Data(nobody.bytes)))) == nil)
    }

    @Test(
        "queries are charged to the connection's token bucket by the coins they may read: a 500-coin page costs 5 tokens, balances 10, a 100-coin page 1"
    )
    func rateLimited() throws {
        let gateway = try StandaloneGateway(settings: Self.settings(burst: 7))
        let client = try OrderEntryClient(endpoint: gateway.endpoint)
        defer { client.close() }
        let key = GatewayNode.key("trader-1").publicKey
        // A burst of 7 and no refill (the standalone gateway's clock stands still): a 500-coin
        // page takes 5, a balances query (10) is refused after its first token, a 100-coin page
        // takes the last one, and then nothing is left.
        #expect(code(try send(client, Self.coinsQuery(key, limit: 500))) == nil)
        #expect(code(try send(client, Self.balancesQuery(Data(key.bytes)))) == 7201)
        #expect(code(try send(client, Self.coinsQuery(key, limit: 100))) == nil, "a 100-coin page costs one token")
        #expect(code(try send(client, Self.coinsQuery(key, limit: 1))) == 7201)
        #expect(gateway.server.counters.current.rateLimited == 2)
    }
}
