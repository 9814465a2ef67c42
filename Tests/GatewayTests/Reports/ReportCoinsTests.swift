import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Matching
import Primitives
import Testing

/// Reports and acks name the ledger's outputs, so a client chains its next order on them
/// without a query; refusals carry actionable codes and echo `client_order_id`; an acked
/// order is PENDING until its block.
@Suite("Gateway reports: the coins an order's settlement paid, codes a client can act on", .serialized)
struct ReportCoinsTests {
    static let waitMs = GatewayNode.waitMs
    static let price: UInt64 = 30_000_000_000
    static let size: UInt64 = 1_000_000

    func ack(_ response: Lodestone_V1_Response) -> Lodestone_V1_Ack? {
        if case .ack(let ack)? = response.result { ack } else { nil }
    }

    func reject(_ response: Lodestone_V1_Response) -> Lodestone_V1_Reject? {
        if case .reject(let reject)? = response.result { reject } else { nil }
    }

    func reports(_ client: OrderEntryClient, _ count: Int) throws -> [Lodestone_V1_ExecutionReport] {
        try (0..<count).map { _ in try #require(try client.nextReport(timeoutMs: Self.waitMs)) }
    }

    /// The coin a report named, as an order spends it.
    func coin(_ payout: Lodestone_V1_Payout) throws -> SpendableCoin {
        SpendableCoin(id: try Hash256(bytes: payout.outputID), amount: payout.amount)
    }

    func asset(_ gateway: GatewayNode, _ symbol: String) -> Data { Data(gateway.config.assetIDs[symbol]!.hash.bytes) }

    @Test(
        "an ack names the change; a partial fill names the proceeds and the remainder, the taker's Fill its proceeds; Done names the settlement; orders chained on those outputs, with no query, enter the next blocks"
    )
    func chainOnReportedCoins() throws {
        let gateway = try GatewayNode()
        let suite = gateway.config.suite
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let (seller, buyer) = (try gateway.client(), try gateway.client())
        _ = try seller.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs)
        _ = try buyer.subscribeReports(key: gateway.trader(2), config: gateway.config, timeoutMs: Self.waitMs)

        let btc = gateway.genesisCoin(gateway.trader(1), asset: "BTC")
        let sell = try builder.order(.sell, price: Self.price, size: 2 * Self.size, from: btc, key: gateway.trader(1))
        let sellID = sell.id(suite: suite)
        let sellOrder = Transaction.outputID(transactionID: sellID, index: 0, suite: suite)
        let sellAck = try #require(ack(try seller.send(.place(sell, clientOrderID: "sell"), timeoutMs: Self.waitMs)))
        let change = try #require(sellAck.change.first)
        #expect(sellAck.change.count == 1, "one output is not an order: the change")
        #expect(change.index == 1 && change.outputID == Data(Transaction.outputID(transactionID: sellID, index: 1, suite: suite).bytes))
        #expect(change.asset == asset(gateway, "BTC") && change.amount == btc.amount - 2 * Self.size)
        try gateway.produceBlock()
        _ = try reports(seller, 1)

        let buy = try builder.order(
            .buy, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(2), asset: "USDT"), key: gateway.trader(2))
        _ = try buyer.send(.place(buy, clientOrderID: "buy"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let market = gateway.config.markets[0]
        let value = market.quoteValue(size: Self.size, price: Self.price)

        // Taker: Accepted, Fill (its BTC net of fee), Done naming the settlement.
        let taker = try reports(buyer, 3)
        let takerFill = taker[1].fill
        #expect(takerFill.settlementTransactionID.count == 32 && !takerFill.hasRemainder)
        let bought = try #require(takerFill.payouts.first)
        #expect(takerFill.payouts.count == 1, "bought at its own limit: no refund")
        #expect(bought.asset == asset(gateway, "BTC") && bought.amount == Self.size - takerFill.fee)
        #expect(taker[2].done.reason == .filled && taker[2].done.transactionID == takerFill.settlementTransactionID)

        // Maker: one Fill, its USDT net of fee and the remainder that now holds its order.
        let makerFill = try reports(seller, 1)[0].fill
        #expect(makerFill.orderID == Data(sellOrder.bytes) && makerFill.remainingSize == Self.size)
        #expect(makerFill.settlementTransactionID == takerFill.settlementTransactionID)
        let proceeds = try #require(makerFill.payouts.first)
        #expect(proceeds.asset == asset(gateway, "USDT") && proceeds.amount == value - makerFill.fee)
        #expect(makerFill.remainder.asset == asset(gateway, "BTC") && makerFill.remainder.amount == Self.size)
        let settlementID = try Hash256(bytes: makerFill.settlementTransactionID)
        for payout in makerFill.payouts + takerFill.payouts + [makerFill.remainder] {
            let expected = Transaction.outputID(transactionID: settlementID, index: Int(payout.index), suite: suite)
            #expect(payout.outputID == Data(expected.bytes), "each named output ID is the settlement's output at its index")
        }

        // The buyer sells the BTC the Fill named; the seller buys with the USDT it named and
        // cancels its remainder; no query anywhere.
        let resell = try builder.order(.sell, price: 2 * Self.price, size: Self.size / 2, from: try coin(bought), key: gateway.trader(2))
        #expect(ack(try buyer.send(.place(resell, clientOrderID: "resell"), timeoutMs: Self.waitMs)) != nil)
        let rebuy = try builder.order(.buy, price: Self.price / 2, size: Self.size, from: try coin(proceeds), key: gateway.trader(1))
        #expect(ack(try seller.send(.place(rebuy, clientOrderID: "rebuy"), timeoutMs: Self.waitMs)) != nil)
        let cancel = try builder.cancel(sellOrder, key: gateway.trader(1))
        #expect(ack(try seller.send(.cancel(cancel, clientOrderID: "cancel"), timeoutMs: Self.waitMs)) != nil)
        try gateway.produceBlock()
        #expect(try reports(buyer, 1)[0].accepted.transactionID == Data(resell.id(suite: suite).bytes))
        let sellerReports = try reports(seller, 3)
        #expect(sellerReports[0].accepted.transactionID == Data(rebuy.id(suite: suite).bytes))
        let cancelled = sellerReports[1].cancelled
        #expect(cancelled.reason == .user && cancelled.transactionID.count == 32)
        let returned = try #require(cancelled.payouts.first)
        #expect(returned.asset == asset(gateway, "BTC") && returned.amount == Self.size)
        #expect(sellerReports[2].done.transactionID == cancelled.transactionID)

        // The returned remainder funds the next order.
        let again = try builder.order(.sell, price: 2 * Self.price, size: Self.size, from: try coin(returned), key: gateway.trader(1))
        #expect(ack(try seller.send(.place(again, clientOrderID: "again"), timeoutMs: Self.waitMs)) != nil)
        try gateway.produceBlock()
        #expect(try reports(seller, 1)[0].accepted.transactionID == Data(again.id(suite: suite).bytes))
    }

    @Test(
        "an IOC's partial fill names its settlement only; its Cancelled names the proceeds and the returned quote; a replaced order's Cancelled names the replace, and the ack its change"
    )
    func iocAndReplace() throws {
        let gateway = try GatewayNode()
        let suite = gateway.config.suite
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let (seller, buyer) = (try gateway.client(), try gateway.client())
        _ = try seller.subscribeReports(key: gateway.trader(1), config: gateway.config, timeoutMs: Self.waitMs)
        _ = try buyer.subscribeReports(key: gateway.trader(2), config: gateway.config, timeoutMs: Self.waitMs)
        let sell = try builder.order(
            .sell, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(1), asset: "BTC"), key: gateway.trader(1))
        let sellChange = try #require(ack(try seller.send(.place(sell, clientOrderID: "sell"), timeoutMs: Self.waitMs))?.change.first)
        try gateway.produceBlock()
        _ = try reports(seller, 1)

        // Twice the resting size, immediate-or-cancel, at a limit above the maker's price.
        let usdt = gateway.genesisCoin(gateway.trader(2), asset: "USDT")
        let limit = Self.price + 1_000_000_000
        let ioc = try builder.order(.buy, price: limit, size: 2 * Self.size, flags: .immediateOrCancel, from: usdt, key: gateway.trader(2))
        _ = try buyer.send(.place(ioc, clientOrderID: "ioc"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        let iocReports = try reports(buyer, 4)
        let fill = iocReports[1].fill
        #expect(
            fill.settlementTransactionID.count == 32 && fill.payouts.isEmpty && !fill.hasRemainder, "a Cancelled follows: it names them")
        let cancelled = iocReports[2].cancelled
        #expect(cancelled.reason == .ioc && cancelled.transactionID == fill.settlementTransactionID)
        let market = gateway.config.markets[0]
        // Locked: 2 × size at the limit; spent: size at the maker's price.
        let quoteBack = market.quoteValue(size: 2 * Self.size, price: limit) - market.quoteValue(size: Self.size, price: Self.price)
        let byAsset = Dictionary(uniqueKeysWithValues: cancelled.payouts.map { ($0.asset, $0.amount) })
        #expect(byAsset == [asset(gateway, "BTC"): Self.size - fill.fee, asset(gateway, "USDT"): quoteBack])
        #expect(iocReports[3].done.reason == .cancelled && iocReports[3].done.transactionID == cancelled.transactionID)
        _ = try reports(seller, 2)  // the maker's Fill and Done

        // A resting order, funded by the first ack's change, replaced by the client's own
        // transaction: the ack names the replace's change, the Cancelled the replace itself.
        let second = try builder.order(.sell, price: 2 * Self.price, size: Self.size, from: try coin(sellChange), key: gateway.trader(1))
        _ = try seller.send(.place(second, clientOrderID: "second"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        _ = try reports(seller, 1)
        let secondOrder = Transaction.outputID(transactionID: second.id(suite: suite), index: 0, suite: suite)
        let replacement = try builder.replace(
            SpendableCoin(id: secondOrder, amount: Self.size), with: .sell, price: 3 * Self.price, size: Self.size / 2,
            key: gateway.trader(1))
        let replaceID = replacement.id(suite: suite)
        let replaceAck = try #require(ack(try seller.send(.replace(replacement, clientOrderID: "replace"), timeoutMs: Self.waitMs)))
        #expect(replaceAck.change.map(\.index) == [1] && replaceAck.change.map(\.amount) == [Self.size / 2])
        #expect(replaceAck.change.map(\.outputID) == [Data(Transaction.outputID(transactionID: replaceID, index: 1, suite: suite).bytes)])
        try gateway.produceBlock()
        let replaced = try reports(seller, 3)
        #expect(replaced[0].accepted.transactionID == Data(replaceID.bytes))
        // A new price is no amend: the cancel clause spent it (REASON_USER).
        #expect(replaced[1].cancelled.reason == .user && replaced[1].cancelled.orderID == Data(secondOrder.bytes))
        #expect(replaced[1].cancelled.transactionID == Data(replaceID.bytes) && replaced[1].cancelled.payouts.isEmpty)
        #expect(replaced[2].done.transactionID == Data(replaceID.bytes))
    }

    @Test("an acknowledged order's status is PENDING until its block, then RESTING")
    func pendingUntilBlock() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let sell = try builder.order(
            .sell, price: Self.price, size: Self.size, from: gateway.genesisCoin(gateway.trader(1), asset: "BTC"), key: gateway.trader(1))
        let orderID = try #require(ack(try client.send(.place(sell, clientOrderID: "p"), timeoutMs: Self.waitMs))?.orderIds.first)
        var query = Lodestone_V1_StatusQuery()
        query.orderID = orderID
        let pending = try client.send(.init(clientOrderID: "q1", .status(query)), timeoutMs: Self.waitMs).status
        #expect(pending.state == .pending && pending.height == 0)
        try gateway.produceBlock()
        let resting = try client.send(.init(clientOrderID: "q2", .status(query)), timeoutMs: Self.waitMs).status
        #expect(resting.state == .resting && resting.height == 1 && resting.remainingSize == Self.size)
    }

    @Test("a ledger refusal keeps its chain code 8001 and carries the ledger's own code and name as its cause")
    func ledgerCause() throws {
        let gateway = try GatewayNode()
        let client = try gateway.client()
        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let coin = gateway.genesisCoin(gateway.trader(1), asset: "BTC")
        let first = try builder.order(.sell, price: Self.price, size: Self.size, from: coin, key: gateway.trader(1))
        _ = try client.send(.place(first, clientOrderID: "first"), timeoutMs: Self.waitMs)
        try gateway.produceBlock()
        // Another order spending the coin the block already spent.
        let second = try builder.order(.sell, price: 2 * Self.price, size: Self.size, from: coin, key: gateway.trader(1))
        let refusal = try #require(reject(try client.send(.place(second, clientOrderID: "second"), timeoutMs: Self.waitMs)))
        let missing = LedgerError.missingInput(input: 0, outputID: coin.id)
        #expect((refusal.code, refusal.name) == (8001, "ledger_rejected"))
        #expect((refusal.causeCode, refusal.causeName) == (UInt32(missing.code), missing.name))
        let unknown = try builder.cancel(Hash256(bytes: [UInt8](repeating: 7, count: 32)), key: gateway.trader(1))
        let plain = try #require(reject(try client.send(.cancel(unknown, clientOrderID: "u"), timeoutMs: Self.waitMs)))
        #expect(plain.code == 8009 && plain.causeCode == 0 && plain.causeName.isEmpty, "an error that wraps nothing has no cause")
    }

    @Test("a rate-limited or unreadable request, batch members and mass-cancel members echo the client_order_id")
    func echoes() throws {
        let gateway = try GatewayNode(burst: 6)
        let client = try gateway.client()
        // An unreadable body: the ID is read, the place field runs past the end.
        let unreadable: [UInt8] = [0x0A, 5] + Array("bad-1".utf8) + [0x12, 0x05, 0x0A, 0x10]
        try client.sendFrames([unreadable])
        let refused = try client.response(timeoutMs: Self.waitMs)
        #expect(refused.clientOrderID == "bad-1" && (reject(refused)?.code ?? 0) / 100 == 71)

        let builder = try OrderBuilder(config: gateway.config, symbol: "BTC-USDT")
        let cancel = try builder.cancel(Hash256(bytes: [UInt8](repeating: 7, count: 32)), key: gateway.trader(1))
        var batch = Lodestone_V1_Batch()
        var query = Lodestone_V1_StatusQuery()
        query.orderID = Data(repeating: 1, count: 32)
        batch.requests = [
            .cancel(cancel, clientOrderID: "dup"), .cancel(cancel, clientOrderID: "dup"), .init(clientOrderID: "st", .status(query)),
        ]
        let members = try client.send(.init(clientOrderID: "b", .batch(batch)), timeoutMs: Self.waitMs)
        #expect(members.clientOrderID == "b")
        #expect(members.batch.responses.map(\.clientOrderID) == ["dup", "dup", "st"])
        #expect(members.batch.responses.map { reject($0)?.code } == [8009, 7202, 7203])

        let mass = try client.send(.massCancel([cancel, cancel], clientOrderID: "m"), timeoutMs: Self.waitMs)
        #expect(mass.batch.responses.map(\.clientOrderID) == ["m", "m"])
        // The burst of 6 is spent (1 + 3 + 2, the manual clock stands still): refused before
        // the request is decoded, the ID peeked and echoed.
        let limited = try client.send(.cancel(cancel, clientOrderID: "late"), timeoutMs: Self.waitMs)
        #expect(reject(limited)?.code == 7201 && limited.clientOrderID == "late")
    }
}
