import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Matching
import Primitives
import TestSupport
import Testing

@Suite("Order-entry gateway: requests to the node's pool, refusals with codes, execution reports", .serialized)
struct OrderEntryServerTests {
    static let waitMs = GatewayNode.waitMs
    static let price: UInt64 = 30_000_000_000
    static let size: UInt64 = 1_000_000

    func sell(_ gateway: GatewayNode, trader: Int = 1) throws -> Transaction {
        try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .order(
                .sell, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(trader), asset: "BTC"),
                key: gateway.trader(trader))
    }

    func buy(_ gateway: GatewayNode, trader: Int = 2) throws -> Transaction {
        try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .order(
                .buy, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(trader), asset: "USDT"),
                key: gateway.trader(trader))
    }

    func reject(_ response: Lodestone_V1_Response) -> Lodestone_V1_Reject? {
        if case .reject(let reject)? = response.result { reject } else { nil }
    }

    func ack(_ response: Lodestone_V1_Response) -> Lodestone_V1_Ack? {
        if case .ack(let ack)? = response.result { ack } else { nil }
    }

    /// The next `count` reports of `client`, each within the wait.
    func reports(_ client: OrderEntryClient, _ count: Int) throws -> [Lodestone_V1_ExecutionReport] {
        try (0..<count).map { _ in try #require(try client.nextReport(timeoutMs: Self.waitMs)) }
    }

    @Test("place → ack with IDs → block → Accepted, then Fill and Done for both sides, numbered 1, 2, 3 per connection")
    func placeFillReports() throws {
        let gateway = try GatewayNode()
        let seller = try gateway.client()
        let buyer = try gateway.client()
        #expect(ack(try seller.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs)) != nil)
        #expect(ack(try buyer.subscribeReports(key: gateway.trader(2), config: gateway.config, timeoutMs: Self.waitMs)) != nil)
        let sell = try sell(gateway)
        let sellAck = try #require(ack(try seller.send(.place(sell, clientOrderID: "sell-1"), timeoutMs: Self.waitMs)))
        let sellID = sell.id(suite: gateway.config.suite)
        let sellOrder = Transaction.outputID(transactionID: sellID, index: 0, suite: gateway.config.suite)
        #expect(sellAck.transactionID == Data(sellID.bytes) && sellAck.orderIds == [Data(sellOrder.bytes)])
        try gateway.produceBlock()
        let accepted = try reports(seller, 1)[0]
        #expect(accepted.sequence == 1 && accepted.clientOrderID == "sell-1")
        #expect(accepted.accepted.transactionID == Data(sellID.bytes) && accepted.accepted.orderIds == [Data(sellOrder.bytes)])

        let buy = try buy(gateway)
        let buyAck = try #require(ack(try buyer.send(.place(buy, clientOrderID: "buy-1"), timeoutMs: Self.waitMs)))
        try gateway.produceBlock()
        let buyerReports = try reports(buyer, 3)
        #expect(buyerReports.map(\.sequence) == [1, 2, 3])
        #expect(buyerReports[0].accepted.orderIds == buyAck.orderIds)
        let takerFill = buyerReports[1].fill
        #expect(
            (takerFill.isMaker, takerFill.side, takerFill.price, takerFill.size, takerFill.remainingSize) == (
                false, .buy, Self.price, Self.size, 0
            ))
        #expect(takerFill.market == "BTC-USDT" && takerFill.height == 2)
        #expect(buyerReports[2].done.reason == .filled && buyerReports[2].clientOrderID == "buy-1")
        let sellerReports = try reports(seller, 2)
        #expect(sellerReports.map(\.sequence) == [2, 3])
        #expect(
            (sellerReports[0].fill.isMaker, sellerReports[0].fill.side, sellerReports[0].fill.orderID) == (
                true, .sell, Data(sellOrder.bytes)
            ))
        #expect(sellerReports[1].done.reason == .filled)

        var query = Lodestone_V1_StatusQuery()
        query.orderID = Data(sellOrder.bytes)
        let status = try seller.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status
        #expect((status.state, status.filledSize, status.remainingSize, status.height) == (.filled, Self.size, 0, 2))
    }

    @Test("cancel and mass cancel are acknowledged per order; a cancel of an order already gone is refused without stopping the others")
    func cancels() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let sell = try sell(gateway)
        _ = try client.send(.place(sell, clientOrderID: "s"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let order = Transaction.outputID(transactionID: sell.id(suite: gateway.config.suite), index: 0, suite: gateway.config.suite)
        let cancel = try builder.cancel(order, key: gateway.trader(1))
        let answer = try client.send(.cancel(cancel, clientOrderID: "c"), timeoutMs: Self.waitMs)
        #expect(ack(answer)?.orderIds == [Data(order.bytes)])
        let unknown = try builder.cancel(Hash256(bytes: [UInt8](repeating: 7, count: 32)), key: gateway.trader(1))
        let mass = try client.send(.massCancel([unknown, cancel], clientOrderID: "m"), timeoutMs: Self.waitMs)
        #expect(mass.batch.responses.count == 2)
        #expect(mass.batch.responses.allSatisfy { reject($0) != nil }, "one order unknown, the other's cancel already pooled")
    }

    @Test("a cancelled order reports Cancelled (user, size left) then Done; an order past its expiry reports Expired then Done")
    func cancelledAndExpiredReports() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        _ = try client.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs)
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let coin = gateway.genesisCoin(gateway.trader(1), asset: "BTC")
        let resting = try builder.order(.sell, price: Self.price, size: Self.size, expiryHeight: 1, from: coin, key: gateway.trader(1))
        _ = try client.send(.place(resting, clientOrderID: "e"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        try gateway.produceBlock()
        let expiring = try reports(client, 3)
        #expect(expiring.map(\.sequence) == [1, 2, 3])
        #expect((expiring[1].expired.size, expiring[1].expired.height, expiring[2].done.reason) == (Self.size, 2, .expired))

        let suite = gateway.config.suite
        let change = SpendableCoin(
            id: Transaction.outputID(transactionID: resting.id(suite: suite), index: 1, suite: suite), amount: coin.amount - Self.size)
        let second = try builder.order(.sell, price: Self.price, size: Self.size, from: change, key: gateway.trader(1))
        _ = try client.send(.place(second, clientOrderID: "c"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let order = Transaction.outputID(transactionID: second.id(suite: suite), index: 0, suite: suite)
        _ = try client.send(.cancel(try builder.cancel(order, key: gateway.trader(1)), clientOrderID: "x"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let cancelled = try reports(client, 3)
        #expect(cancelled.map(\.sequence) == [4, 5, 6])
        #expect((cancelled[1].cancelled.reason, cancelled[1].cancelled.size, cancelled[1].clientOrderID) == (.user, Self.size, "c"))
        #expect(cancelled[2].done.reason == .cancelled)
    }

    @Test(
        "a post-only order that would cross is returned by the block: Accepted, Cancelled (post_only, whole size), Done; status cancelled")
    func postOnlyReturnedReports() throws {
        let gateway = try GatewayNode()
        let seller = try gateway.client()
        let buyer = try gateway.client()
        #expect(ack(try buyer.subscribeReports(key: gateway.trader(2), config: gateway.config, timeoutMs: Self.waitMs)) != nil)
        _ = try seller.send(.place(try sell(gateway), clientOrderID: "s"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let postOnly = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT").order(
            .buy, price: Self.price, size: Self.size, flags: [.postOnly], from: gateway.genesisCoin(gateway.trader(2), asset: "USDT"),
            key: gateway.trader(2))
        _ = try buyer.send(.place(postOnly, clientOrderID: "po"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let returned = try reports(buyer, 3)
        #expect(returned.map(\.sequence) == [1, 2, 3])
        #expect((returned[1].cancelled.reason, returned[1].cancelled.size, returned[1].clientOrderID) == (.postOnly, Self.size, "po"))
        #expect(returned[2].done.reason == .cancelled)
        var query = Lodestone_V1_StatusQuery()
        let suite = gateway.config.suite
        query.orderID = Data(Transaction.outputID(transactionID: postOnly.id(suite: suite), index: 0, suite: suite).bytes)
        #expect(try buyer.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state == .cancelled)
    }

    @Test("replace: one transaction cancels a resting order and places its replacement; the new order rests after the block")
    func replace() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let sell = try sell(gateway)
        _ = try client.send(.place(sell, clientOrderID: "s"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let suite = gateway.config.suite
        let order = SpendableCoin(id: Transaction.outputID(transactionID: sell.id(suite: suite), index: 0, suite: suite), amount: Self.size)
        let replacement = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .replace(order, with: .sell, price: Self.price + 1_000_000, size: Self.size / 2, key: gateway.trader(1))
        let ack = try #require(ack(try client.send(.replace(replacement, clientOrderID: "r"), timeoutMs: Self.waitMs)))
        #expect(ack.orderIds.count == 1)
        try gateway.produceBlock()
        var query = Lodestone_V1_StatusQuery()
        query.orderID = ack.orderIds[0]
        let status = try client.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status
        #expect((status.state, status.price, status.remainingSize) == (.resting, Self.price + 1_000_000, Self.size / 2))
        query.orderID = Data(order.id.bytes)
        #expect(try client.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state != .resting)
    }

    @Test(
        "an acknowledged replace whose order a block filled first is dropped from the pool and reported as Dropped with its reason; its status becomes unknown"
    )
    func droppedReport() throws {
        // Two transactions per block: the sell and the crossing buy go in, the replace of
        // the sell's order (pooled behind them) finds its input spent by the fill.
        let gateway = try GatewayNode { configuration, _ in configuration.blockMaxTransactions = 2 }
        let seller = try gateway.client()
        #expect(ack(try seller.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs)) != nil)
        let sell = try sell(gateway)
        let suite = gateway.config.suite
        _ = try #require(ack(try seller.send(.place(sell, clientOrderID: "s"), timeoutMs: Self.waitMs)))
        _ = try #require(ack(try seller.send(.place(try buy(gateway), clientOrderID: "b"), timeoutMs: Self.waitMs)))
        let order = SpendableCoin(id: Transaction.outputID(transactionID: sell.id(suite: suite), index: 0, suite: suite), amount: Self.size)
        let replacement = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .replace(order, with: .sell, price: Self.price + 1_000_000, size: Self.size, key: gateway.trader(1))
        _ = try #require(ack(try seller.send(.replace(replacement, clientOrderID: "r"), timeoutMs: Self.waitMs)))
        try gateway.produceBlock()
        let reports = try reports(seller, 4)
        #expect(reports.map(\.sequence) == [1, 2, 3, 4])
        #expect(reports[0].accepted.transactionID == Data(sell.id(suite: suite).bytes))
        #expect((reports[1].fill.remainingSize, reports[2].done.reason) == (0, .filled))
        let dropped = reports[3]
        #expect(dropped.clientOrderID == "r" && dropped.dropped.transactionID == Data(replacement.id(suite: suite).bytes))
        #expect(dropped.dropped.reason.code != 0 && !dropped.dropped.reason.name.isEmpty)
        #expect(try gateway.pooledTransactions() == 0)
        var query = Lodestone_V1_StatusQuery()
        query.transactionID = Data(replacement.id(suite: suite).bytes)
        #expect(try seller.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state == .unknown)
    }

    @Test(
        "every bad input gets its code: truncated, random, unknown type, two frames, oversized batch, bad signature, replay, duplicate ID, unknown market; nothing bad enters the mempool"
    )
    func badInputs() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let sell = try sell(gateway)
        let placeBytes = try Lodestone_V1_Request.place(sell, clientOrderID: "p").wireBytes()
        func code(_ frames: [[UInt8]]) throws -> UInt32? {
            try client.sendFrames(frames)
            return reject(try client.response(timeoutMs: Self.waitMs))?.code
        }
        #expect(try code([Array(placeBytes.prefix(placeBytes.count / 2))]) == 7102)
        var rng = seededRandom(0x6a7e)
        for _ in 0..<8 {
            let garbage = (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(try (7101...7199).contains(code([garbage]) ?? 0))
        }
        // Field 20, unknown to this version, is dropped; the request then has no body.
        #expect(try code([[0x0a, 0x01, 0x78, 0xa2, 0x01, 0x00]]) == 7103)
        #expect(try code([placeBytes, placeBytes]) == 7207)
        var oversized = Lodestone_V1_Batch()
        oversized.requests = (0..<257).map { Lodestone_V1_Request.place(sell, clientOrderID: "b\($0)") }
        #expect(try code([Lodestone_V1_Request(clientOrderID: "big", .batch(oversized)).serializedBytes()]) == 7105)

        // Trader 2 signs a spend of trader 1's coin: the ledger's signature check refuses it.
        let forged = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .order(
                .sell, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(1), asset: "BTC"),
                key: gateway.trader(2))
        let forgedReject = try #require(reject(try client.send(.place(forged, clientOrderID: "f"), timeoutMs: Self.waitMs)))
        #expect(!(7000..<8000).contains(forgedReject.code), "refused by the chain, not the wire: \(forgedReject)")

        #expect(ack(try client.send(.place(sell, clientOrderID: "p"), timeoutMs: Self.waitMs)) != nil)
        let replay = try #require(reject(try client.send(.place(sell, clientOrderID: "p2"), timeoutMs: Self.waitMs)))
        #expect((8000..<9000).contains(replay.code), "the pool's duplicate refusal: \(replay)")

        var batch = Lodestone_V1_Batch()
        let buy = try buy(gateway)
        batch.requests = [.place(buy, clientOrderID: "same"), .place(try self.sell(gateway, trader: 3), clientOrderID: "same")]
        let batched = try client.send(.init(clientOrderID: "batch", .batch(batch)), timeoutMs: Self.waitMs).batch.responses
        #expect(batched.count == 2 && ack(batched[0]) != nil && reject(batched[1])?.code == 7202)

        let unknownMarket = try #require(reject(try client.send(.place(lodeForUSDT(gateway), clientOrderID: "u"), timeoutMs: Self.waitMs)))
        #expect(unknownMarket.name == "unknown_market")
        #expect(try gateway.pooledTransactions() == 2, "only the first sell and the batch's buy")
        let other = try gateway.client()
        var query = Lodestone_V1_StatusQuery()
        query.transactionID = Data(buy.id(suite: gateway.config.suite).bytes)
        #expect(try other.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state == .pending)
    }

    /// An order offering LODE for USDT: a pair no market trades.
    func lodeForUSDT(_ gateway: GatewayNode) throws -> Transaction {
        let config = gateway.config
        let key = gateway.trader(1)
        let coin = gateway.genesisCoin(key, asset: "LODE")
        let contract = MagneticOrder(
            requestedAsset: config.assetIDs["USDT"]!, price: try Ratio(1, 1), sellerProgram: .payToKey(key.publicKey),
            sellerKey: key.publicKey)
        let unsigned = Transaction(
            inputs: [Input(spending: coin.id, witness: .signature(try Signature(bytes: [UInt8](repeating: 0, count: 64))))],
            outputs: [Output(asset: config.assetIDs["LODE"]!, amount: Amount(coin.amount), program: .magneticOrder(contract))])
        return try unsigned.withWitnesses(chainID: config.chainID, suite: config.suite) { _, sighash in
            .signature(try config.suite.sign(sighash, with: key))
        }
    }

    @Test(
        "a flooding client is refused with rate_limited (7201) past its burst; another client is still served; the node's status counts the refusal"
    )
    func rateLimited() throws {
        let gateway = try GatewayNode(burst: 5)
        let flooder = try gateway.client()
        var query = Lodestone_V1_StatusQuery()
        query.orderID = Data(repeating: 1, count: 32)
        let request = Lodestone_V1_Request(clientOrderID: "q", .status(query))
        // The manual clock stands still, so the bucket never refills.
        for _ in 0..<5 { #expect(try flooder.send(request, timeoutMs: Self.waitMs).status.state == .unknown) }
        #expect(reject(try flooder.send(request, timeoutMs: Self.waitMs))?.code == 7201)
        #expect(gateway.node.gatewayCounters?.current.rateLimited == 1)
        #expect(try gateway.status.status(timeoutMs: Self.waitMs).traffic?.gateway?.rateLimited == 1)
        let polite = try gateway.client()
        #expect(try polite.send(request, timeoutMs: Self.waitMs).status.state == .unknown)
    }

    @Test("a subscription with a wrong signature or no challenge is refused; the challenge is valid once")
    func subscriptionRefusals() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        var step = Lodestone_V1_SubscribeReports()
        step.publicKey = Data(gateway.trader(1).publicKey.bytes)
        step.challenge = Data(repeating: 0, count: 32)
        step.signature = Data(repeating: 1, count: 64)
        #expect(reject(try client.send(.init(clientOrderID: "s", .subscribeReports(step)), timeoutMs: Self.waitMs))?.code == 7205)
        var ask = Lodestone_V1_SubscribeReports()
        ask.publicKey = step.publicKey
        let nonce = try client.send(.init(clientOrderID: "s", .subscribeReports(ask)), timeoutMs: Self.waitMs).challenge.nonce
        step.challenge = nonce
        #expect(reject(try client.send(.init(clientOrderID: "s", .subscribeReports(step)), timeoutMs: Self.waitMs))?.code == 7206)
        #expect(reject(try client.send(.init(clientOrderID: "s", .subscribeReports(step)), timeoutMs: Self.waitMs))?.code == 7205)
    }
}
