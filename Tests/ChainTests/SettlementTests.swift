@testable import Chain
@testable import ChainFixtures
import Crypto
import Ledger
import Matching
import Primitives
import Testing

@Suite("Chain: orders placed as signed transactions settle as atomic swaps")
struct SettlementTests {
    @Test("crossing orders fill at the maker's price; balances move exactly, fees go to the collector, nothing is created or lost")
    func crossingOrders() throws {
        var f = ChainFixture()
        let before = f.totals()
        let aliceBTC = f.balance(f.alice, f.btc), aliceUSDT = f.balance(f.alice, f.usdt)
        let bobBTC = f.balance(f.bob, f.btc), bobUSDT = f.balance(f.bob, f.usdt)
        // Alice rests a sell of 0.01 BTC at 30000 USDT; Bob buys at 30100 and gets the maker's price.
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        let (block, outcome) = try f.block([f.order(f.bob, .buy, price: 30_100_000_000, size: 1_000_000)])
        #expect(block.settlements.count == 1)
        #expect(outcome.trades == [Trade(market: 0, maker: outcome.trades[0].maker, taker: outcome.trades[0].taker, takerSide: .buy, price: 30_000_000_000, size: 1_000_000)])
        // Value 0.01 × 30000 = 300 USDT = 300_000_000 minor. Maker fee 10 bps in USDT, taker 20 bps in BTC.
        #expect(f.balance(f.alice, f.usdt) == aliceUSDT + 300_000_000 - 300_000)
        #expect(f.balance(f.alice, f.btc) == aliceBTC - 1_000_000)
        #expect(f.balance(f.bob, f.btc) == bobBTC + 1_000_000 - 2_000)
        #expect(f.balance(f.bob, f.usdt) == bobUSDT - 300_000_000)
        #expect(f.balance(f.feeKey, f.usdt) == 300_000)
        #expect(f.balance(f.feeKey, f.btc) == 2_000)
        #expect(f.totals() == before)
        #expect(f.state.exchange.restingOrderCount == 0)
    }

    @Test("a partial fill re-locks the rest under the same order ID and priority; a later cancel by ID returns it")
    func partialFillThenCancel() throws {
        var f = ChainFixture()
        let place = f.order(f.alice, .sell, price: 30_000_000_000, size: 3_000_000)
        let orderID = f.orderID(of: place)
        try f.block([place])
        try f.block([f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)])
        let live = try #require(f.state.exchange.liveOrder(orderID))
        #expect(live.offeredAmount == Amount(2_000_000))
        #expect(live.outputID != orderID)
        #expect(f.state.utxos.entry(live.outputID)?.order?.orderID == orderID)
        let aliceBTC = f.balance(f.alice, f.btc)
        let cancel = try CancelRequest.signed(orderID: orderID, chainID: f.config.chainID, key: f.alice, suite: ChainFixture.suite)
        let (block, _) = try f.block(cancels: [cancel])
        #expect(block.cancels == [cancel])
        #expect(f.balance(f.alice, f.btc) == aliceBTC + 2_000_000)
        #expect(f.state.exchange.liveOrder(orderID) == nil)
    }

    @Test("an IOC remainder, a crossing post-only order and an expired order all return to their sellers")
    func returns() throws {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000, expiry: 3)])
        let bobUSDT = f.balance(f.bob, f.usdt)
        // IOC for 0.02 BTC fills 0.01 and returns the rest of its quote.
        try f.block([f.order(f.bob, .buy, price: 30_000_000_000, size: 2_000_000, flags: .immediateOrCancel)])
        #expect(f.balance(f.bob, f.usdt) == bobUSDT - 300_000_000)
        #expect(f.state.exchange.restingOrderCount == 0)

        try f.block([f.order(f.alice, .sell, price: 31_000_000_000, size: 1_000_000, expiry: 4)])
        let carolUSDT = f.balance(f.carol, f.usdt)
        try f.block([f.order(f.carol, .buy, price: 31_000_000_000, size: 1_000_000, flags: .postOnly)])
        #expect(f.balance(f.carol, f.usdt) == carolUSDT)
        #expect(f.state.exchange.restingOrderCount == 1)

        let aliceBTC = f.balance(f.alice, f.btc)
        try f.block()  // height 5 > expiry 4
        #expect(f.state.exchange.restingOrderCount == 0)
        #expect(f.balance(f.alice, f.btc) == aliceBTC + 1_000_000)
    }

    @Test("an amend to a smaller size at the same price keeps its place ahead of later orders")
    func amendKeepsPriority() throws {
        var f = ChainFixture()
        let first = f.order(f.alice, .sell, price: 30_000_000_000, size: 2_000_000)
        try f.block([first])
        try f.block([f.order(f.carol, .sell, price: 30_000_000_000, size: 1_000_000)])
        let live = try #require(f.state.exchange.liveOrder(f.orderID(of: first)))
        let orderOutput = try #require(f.state.utxos.entry(live.outputID))
        let amend = f.sign(Transaction(
            inputs: [Input(spending: live.outputID, witness: .cancelOrder(ChainFixture.placeholder))],
            outputs: [
                Output(asset: f.btc, amount: Amount(1_000_000), program: orderOutput.output.program),
                Output(asset: f.btc, amount: Amount(1_000_000), program: .payToKey(f.alice.publicKey)),
            ]), with: f.alice)
        try f.block([amend])
        let (_, outcome) = try f.block([f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)])
        #expect(outcome.trades.count == 1)
        #expect(outcome.trades[0].maker == f.orderID(of: amend))
    }
}
