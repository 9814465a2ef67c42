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

    @Test(
        "orders placed and cancelled in one block (by ID, by a cancel-all) never rest and still get Cancelled and Done naming their returned funds; status cancelled"
    )
    func cancelledInTheirOwnBlock() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let key = gateway.trader(1)
        let config = gateway.config
        let suite = config.suite
        _ = try client.subscribeReports(key: key, config: config, timeoutMs: Self.waitMs)
        let builder = try OrderBuilder(config: config, symbol: "BTC-USDT")
        let first = try builder.order(.sell, price: 30_000_000_000, size: 1_000_000, from: gateway.genesisCoin(key, asset: "BTC"), key: key)
        let firstTransactionID = first.id(suite: suite)
        let change = SpendableCoin(
            id: Transaction.outputID(transactionID: firstTransactionID, index: 1, suite: suite), amount: first.outputs[1].amount.units)
        let second = try builder.order(.sell, price: 30_010_000_000, size: 2_000_000, from: change, key: key)
        let firstID = Transaction.outputID(transactionID: firstTransactionID, index: 0, suite: suite)
        let secondID = Transaction.outputID(transactionID: second.id(suite: suite), index: 0, suite: suite)
        let requests: [Lodestone_V1_Request] = [
            .place(first, clientOrderID: "first"), .place(second, clientOrderID: "second"),
            .cancel(try builder.cancel(secondID, key: key), clientOrderID: "cancel-second"),
            .cancelAll(
                try CancelAllRequest.signed(market: 0, createdUpToHeight: 1, chainID: config.chainID, key: key, suite: suite),
                clientOrderID: "cancel-all"),
        ]
        for request in requests {
            let answer = try client.send(request, timeoutMs: Self.waitMs)
            guard case .ack? = answer.result else {
                Issue.record("\(request.clientOrderID) not acked: \(answer)")
                return
            }
        }
        try gateway.produceBlock()
        var reports: [Lodestone_V1_ExecutionReport] = []
        while reports.count < 6, let report = try client.nextReport(timeoutMs: Self.waitMs) { reports.append(report) }
        let cancelled = reports.filter { if case .cancelled? = $0.kind { true } else { false } }.map(\.cancelled)
        let done = reports.filter { if case .done? = $0.kind { true } else { false } }.map(\.done)
        // The cancel by ID comes first (phase 5 takes requested cancels before the cancel-alls').
        #expect(cancelled.map(\.orderID) == [Data(secondID.bytes), Data(firstID.bytes)])
        #expect(cancelled.map(\.reason) == [.user, .cancelAll])
        #expect(cancelled.map(\.size) == [2_000_000, 1_000_000] && cancelled.allSatisfy { $0.height == 1 })
        // Each names the output its funds went back to: the settlement pays the seller program
        // once per block, so both name the one output holding both orders' whole sizes.
        #expect(cancelled.map { $0.payouts.map(\.amount) } == [[3_000_000], [3_000_000]])
        #expect(cancelled[0].payouts.map(\.outputID) == cancelled[1].payouts.map(\.outputID))
        #expect(done.map(\.orderID) == cancelled.map(\.orderID) && done.allSatisfy { $0.reason == .cancelled })
        #expect(reports.first { if case .cancelled? = $0.kind { $0.cancelled.reason == .user } else { false } }?.clientOrderID == "second")
        for orderID in [firstID, secondID] {
            var query = Lodestone_V1_StatusQuery()
            query.orderID = Data(orderID.bytes)
            #expect(try client.send(.init(clientOrderID: "q", .status(query)), timeoutMs: Self.waitMs).status.state == .cancelled)
        }
    }
}
