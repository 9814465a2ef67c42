import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Primitives
import Testing

@Suite("Order-entry gateway: cancel-all and dead-man switch requests", .serialized)
struct CancelAllGatewayTests {
    static let waitMs = GatewayNode.waitMs

    @Test("a cancel-all is acked, the next block cancels the order (status cancelled), a replay is refused with cancel_all_nothing_left")
    func cancelAll() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let key = gateway.trader(1)
        _ = try client.subscribeReports(key: key, config: gateway.config, timeoutMs: Self.waitMs)
        let sell = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
            .order(.sell, price: 30_000_000_000, size: 1_000_000, from: gateway.genesisCoin(key, asset: "BTC"), key: key)
        _ = try client.send(.place(sell, clientOrderID: "s"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let request = try CancelAllRequest.signed(
            market: 0, createdUpToHeight: 1, chainID: gateway.config.chainID, key: key, suite: gateway.config.suite)
        let answer = try client.send(.cancelAll(request, clientOrderID: "ca"), timeoutMs: Self.waitMs)
        #expect(answer.clientOrderID == "ca")
        guard case .ack? = answer.result else {
            Issue.record("expected an ack, got \(answer)")
            return
        }
        try gateway.produceBlock()
        var query = Lodestone_V1_StatusQuery()
        query.orderID = Data(
            Transaction.outputID(transactionID: sell.id(suite: gateway.config.suite), index: 0, suite: gateway.config.suite).bytes)
        #expect(try client.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state == .cancelled)
        let reports = try (0..<3).map { _ in try #require(try client.nextReport(timeoutMs: Self.waitMs)) }
        #expect(reports[1].cancelled.reason == .cancelAll && reports[1].cancelled.orderID == query.orderID)
        #expect(reports[2].done.reason == .cancelled)

        let replay = try client.send(.cancelAll(request, clientOrderID: "ca2"), timeoutMs: Self.waitMs)
        #expect(replay.reject.code == UInt32(ChainError.cancelAllNothingLeft(sellerKey: key.publicKey).code))
    }

    @Test(
        "a dead-man switch is acked and fires at its height (Cancelled, reason dead man); a forged one and one for another chain are refused"
    )
    func deadMan() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let key = gateway.trader(1)
        let config = gateway.config
        _ = try client.subscribeReports(key: key, config: config, timeoutMs: Self.waitMs)
        let sell = try OrderBuilder(config: config, symbol: "BTC-USDT")
            .order(.sell, price: 30_000_000_000, size: 1_000_000, from: gateway.genesisCoin(key, asset: "BTC"), key: key)
        _ = try client.send(.place(sell, clientOrderID: "s"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let deadMan = try DeadManSwitch.signed(market: nil, triggerHeight: 3, chainID: config.chainID, key: key, suite: config.suite)
        let answer = try client.send(.deadManSwitch(deadMan, clientOrderID: "dm"), timeoutMs: Self.waitMs)
        guard case .ack? = answer.result else {
            Issue.record("expected an ack, got \(answer)")
            return
        }
        try gateway.produceBlock()
        try gateway.produceBlock()
        let reports = try (0..<3).map { _ in try #require(try client.nextReport(timeoutMs: Self.waitMs)) }
        #expect(reports[1].cancelled.reason == .deadMan && reports[1].cancelled.height == 3)

        let otherChain = try DeadManSwitch.signed(
            market: nil, triggerHeight: 60, chainID: try Hash256(bytes: [UInt8](repeating: 9, count: 32)), key: key, suite: config.suite)
        let forged = DeadManSwitch(sellerKey: gateway.trader(2).publicKey, market: nil, triggerHeight: 60, signature: deadMan.signature)
        for bad in [otherChain, forged] {
            let refused = try client.send(.deadManSwitch(bad, clientOrderID: "bad"), timeoutMs: Self.waitMs)
            #expect(refused.reject.code == 8024 && refused.reject.name == "dead_man_bad_signature")
        }
    }
}
