import Chain
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Matching
import Primitives
import Testing

@Suite("OrderBuilder: many orders in one transaction, signed once", .serialized)
struct OrderBuilderTests {
    static let waitMs = GatewayNode.waitMs
    static let price: UInt64 = 30_000_000_000
    static let size: UInt64 = 1_000_000

    @Test("16 buys from one coin: outputs 0...15 lock each order's quote, output 16 returns the change, one input, one signature")
    func lockedAmountsAndChange() throws {
        let config = try GatewayNode.chainConfig()
        let builder = try OrderBuilder(config: config, symbol: "BTC-USDT")
        let key = GatewayNode.key("trader-2")
        let coin = SpendableCoin(id: try Hash256(bytes: [UInt8](repeating: 7, count: 32)), amount: 100_000_000_000)
        let specs = (1...16).map { OrderSpec(.buy, price: Self.price, size: Self.size * UInt64($0)) }
        let transaction = try builder.orders(specs, from: coin, key: key)
        let quote = builder.offeredAsset(.buy)
        let locked = specs.map { $0.size * $0.price / builder.market.baseUnit }
        #expect(transaction.inputs.count == 1 && transaction.outputs.count == 17)
        #expect(transaction.outputs.prefix(16).map(\.amount.units) == locked)
        #expect(transaction.outputs.allSatisfy { $0.asset == quote })
        #expect(transaction.outputs.prefix(16).allSatisfy { if case .magneticOrder = $0.program { true } else { false } })
        #expect(transaction.outputs[16].program == .payToKey(key.publicKey))
        #expect(transaction.outputs[16].amount.units == coin.amount - locked.reduce(0, +))
        // One order through `orders` spends and pays exactly as the single-order builder does.
        let one = try builder.orders([specs[0]], from: coin, key: key)
        let single = try builder.order(.buy, price: Self.price, size: Self.size, from: coin, key: key)
        #expect(one.outputs == single.outputs && one.inputs.map(\.spentOutputID) == single.inputs.map(\.spentOutputID))
    }

    @Test("no orders, 65 orders, mixed sides and a coin too small are refused as bad_order, naming the rule")
    func refusals() throws {
        let config = try GatewayNode.chainConfig()
        let builder = try OrderBuilder(config: config, symbol: "BTC-USDT")
        let key = GatewayNode.key("trader-1")
        let coin = SpendableCoin(id: try Hash256(bytes: [UInt8](repeating: 7, count: 32)), amount: 100 * Self.size)
        let sell = OrderSpec(.sell, price: Self.price, size: Self.size)
        let cases: [([OrderSpec], String)] = [
            ([], "1...64 orders"), (Array(repeating: sell, count: 65), "1...64 orders"),
            ([sell, OrderSpec(.buy, price: Self.price, size: Self.size)], "share a side"),
            (Array(repeating: OrderSpec(.sell, price: Self.price, size: 51 * Self.size), count: 2), "the 2 orders need"),
        ]
        for (specs, rule) in cases {
            do {
                _ = try builder.orders(specs, from: coin, key: key)
                Issue.record("\(specs.count) orders were built")
            } catch {
                #expect(error.kind == .badOrder && error.message.contains(rule), "\(error.message)")
            }
        }
    }

    @Test("the chain admits a 16-order transaction: one ack names its 16 order IDs, the block reports them Accepted, and all rest")
    func chainAdmitsSixteenOrders() throws {
        let gateway = try GatewayNode()
        let key = gateway.trader(1)
        let client = try gateway.client()
        #expect(try client.subscribeReports(key: key, config: gateway.config, timeoutMs: Self.waitMs).acked != nil)
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let specs = (0..<16).map { OrderSpec(.sell, price: Self.price + UInt64($0) * builder.market.definition.tickSize, size: Self.size) }
        let transaction = try builder.orders(specs, from: gateway.genesisCoin(key, asset: "BTC"), key: key)
        let id = transaction.id(suite: gateway.config.suite)
        let orderIDs = (0..<16).map { Data(Transaction.outputID(transactionID: id, index: $0, suite: gateway.config.suite).bytes) }
        let response = try client.send(.place(transaction, clientOrderID: "sixteen"), timeoutMs: Self.waitMs)
        guard case .ack(let ack)? = response.result else {
            Issue.record("not acknowledged: \(response)")
            return
        }
        #expect(ack.transactionID == Data(id.bytes) && ack.orderIds == orderIDs)
        try gateway.produceBlock()
        let accepted = try #require(try client.nextReport(timeoutMs: Self.waitMs))
        #expect(accepted.clientOrderID == "sixteen" && accepted.accepted.orderIds == orderIDs)
        var query = Lodestone_V1_StatusQuery()
        query.orderID = orderIDs[15]
        let status = try client.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status
        #expect((status.state, status.remainingSize, status.price) == (.resting, Self.size, specs[15].price))
    }

    @Test(
        "a split's three coins merged back into one (chained in the pool): the chain admits both, the coin index lists one coin of their sum"
    )
    func mergeJoinsScatteredCoins() throws {
        let gateway = try GatewayNode()
        let key = gateway.trader(1)
        let client = try gateway.client()
        defer { client.close() }
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let btc = builder.market.baseAsset
        let suite = gateway.config.suite
        let split = try builder.split(gateway.genesisCoin(key, asset: "BTC"), of: btc, into: 3, eachHolding: 7 * Self.size, key: key)
        let splitID = split.id(suite: suite)
        let parts = (0..<3).map {
            SpendableCoin(id: Transaction.outputID(transactionID: splitID, index: $0, suite: suite), amount: 7 * Self.size)
        }
        let merge = try builder.merge(parts, of: btc, key: key)
        #expect(merge.inputs.map(\.spentOutputID) == parts.map(\.id) && merge.outputs.count == 1)
        #expect(merge.outputs[0] == Output(asset: btc, amount: Amount(21 * Self.size), program: .payToKey(key.publicKey)))
        for (transaction, id) in [(split, "split"), (merge, "merge")] {
            let response = try client.send(.place(transaction, clientOrderID: id), timeoutMs: Self.waitMs)
            guard case .ack? = response.result else {
                Issue.record("\(id) not acknowledged: \(response)")
                return
            }
        }
        try gateway.produceBlock()
        let merged = Transaction.outputID(transactionID: merge.id(suite: suite), index: 0, suite: suite)
        var query = Lodestone_V1_CoinsQuery()
        query.publicKey = Data(key.publicKey.bytes)
        query.asset = Data(btc.hash.bytes)
        query.limit = 500
        let coins = try client.send(.init(clientOrderID: "coins", .coins(query)), timeoutMs: Self.waitMs).coins.coins
        #expect(coins.contains { $0.outputID == Data(merged.bytes) && $0.amount == 21 * Self.size })
        #expect(!coins.contains { coin in parts.contains { Data($0.id.bytes) == coin.outputID } })
    }

    @Test("a merge of one coin, of more than mergeInputsMax, or summing past UInt64 is refused as bad_order")
    func mergeRefusals() throws {
        let builder = try OrderBuilder(config: try GatewayNode.chainConfig(), symbol: "BTC-USDT")
        let key = GatewayNode.key("trader-1")
        func coin(_ byte: Int, _ amount: UInt64) throws -> SpendableCoin {
            SpendableCoin(id: try Hash256(bytes: [UInt8](repeating: UInt8(byte % 256), count: 31) + [UInt8(byte / 256)]), amount: amount)
        }
        let cases: [([SpendableCoin], String)] = [
            ([try coin(1, 5)], "merge 2...1024 coins"),
            (try (0...OrderBuilder.mergeInputsMax).map { try coin($0, 1) }, "merge 2...1024 coins"),
            ([try coin(1, .max), try coin(2, 1)], "more than a UInt64"),
        ]
        for (coins, rule) in cases {
            do {
                _ = try builder.merge(coins, of: builder.market.baseAsset, key: key)
                Issue.record("\(coins.count) coins were merged")
            } catch {
                #expect(error.kind == .badOrder && error.message.contains(rule), "\(error.message)")
            }
        }
    }
}
