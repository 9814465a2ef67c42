import Crypto
import Ledger
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Chain entry rules: bad transactions and cancels are refused with codes, state unchanged")
struct EntryRuleTests {
    func rejection(_ f: ChainFixture, transactions: [Transaction] = [], cancels: [CancelRequest] = []) throws -> ChainError? {
        let outcome = try BlockExecutor.execute(
            state: f.state, mode: .build, timestampMs: 50_000, transactions: CheckedTransaction.all(transactions, config: f.state.config),
            cancels: cancels)
        return outcome.rejected.first?.error
    }

    @Test("spending an unknown output is ledger_rejected (8001) wrapping missing_input")
    func unknownOutput() throws {
        let f = ChainFixture()
        let ghost = (id: try Hash256(hex: String(repeating: "77", count: 32)), amount: Amount(1_000_000))
        let tx = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000, spending: ghost)
        #expect(try rejection(f, transactions: [tx]) == .ledger(.missingInput(input: 0, outputID: ghost.id)))
    }

    @Test("an order for a pair no market trades is unknown_market (8002)")
    func unknownMarket() throws {
        let f = ChainFixture()
        let coin = f.coins(f.alice, f.native)[0]
        let contract = MagneticOrder(
            requestedAsset: f.btc, price: try Ratio(1, 1), sellerProgram: .payToKey(f.alice.publicKey), sellerKey: f.alice.publicKey,
            maxFeeBps: 20)
        let tx = f.sign(
            Transaction(
                inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))],
                outputs: [Output(asset: f.native, amount: coin.amount, program: .magneticOrder(contract))]), with: f.alice)
        #expect(try rejection(f, transactions: [tx]) == .unknownMarket(offered: f.native, requested: f.btc))
    }

    @Test("an off-tick price, a size not in whole lots, a fee cap below the market's, an expired order: each refused")
    func offGrid() throws {
        let f = ChainFixture()
        let offTick = try rejection(f, transactions: [f.order(f.alice, .sell, price: 30_000_005_000, size: 1_000_000)])
        #expect(offTick?.code == 8004)
        let oddLots = try rejection(f, transactions: [f.order(f.alice, .sell, price: 30_000_000_000, size: 1_005_000)])
        #expect(oddLots?.code == 8004)
        let lowCap = try rejection(f, transactions: [f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000, feeCap: 10)])
        #expect(lowCap == .feeCapTooLow(symbol: "BTC-USDT", capBps: 10, requiredBps: 20))
        let expired = try rejection(f, transactions: [f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000, expiry: 0)])
        #expect(expired == .orderExpired(expiry: 0, height: 1))
    }

    @Test("a cancel signed by someone else is cancel_bad_signature (8010); of an unknown order, unknown_order (8009)")
    func badCancels() throws {
        var f = ChainFixture()
        let place = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        try f.block([place])
        let forged = try CancelRequest.signed(
            orderID: f.orderID(of: place), chainID: f.config.chainID, key: f.bob, suite: ChainFixture.suite)
        #expect(try rejection(f, cancels: [forged]) == .cancelBadSignature(orderID: f.orderID(of: place)))
        let ghost = try CancelRequest.signed(orderID: .zero, chainID: f.config.chainID, key: f.alice, suite: ChainFixture.suite)
        #expect(try rejection(f, cancels: [ghost]) == .unknownOrder(orderID: .zero))
    }

    @Test("a user transaction that fills an order itself is fill_outside_settlement (8006)")
    func fillOutsideSettlement() throws {
        var f = ChainFixture()
        let place = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        try f.block([place])
        let live = try #require(f.state.exchange.liveOrder(f.orderID(of: place)))
        let cash = f.coins(f.bob, f.usdt)[0]
        let steal = f.sign(
            Transaction(
                inputs: [
                    Input(spending: live.outputID, witness: .fillOrder(filled: Amount(1_000_000), remainderOutput: nil)),
                    Input(spending: cash.id, witness: .signature(ChainFixture.placeholder)),
                ],
                outputs: [
                    Output(asset: f.usdt, amount: Amount(300_000_000), program: .payToKey(f.alice.publicKey)),
                    Output(asset: f.btc, amount: Amount(1_000_000), program: .payToKey(f.bob.publicKey)),
                    Output(asset: f.usdt, amount: Amount(cash.amount.units - 300_000_000), program: .payToKey(f.bob.publicKey)),
                ]), with: f.bob)
        #expect(try rejection(f, transactions: [steal]) == .fillOutsideSettlement(input: 0))
    }

    @Test("a rejected item leaves the rest of the block intact: the builder drops only it")
    func dropsOnlyBadItems() throws {
        var f = ChainFixture()
        let good = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let bad = f.order(f.bob, .sell, price: 30_000_005_000, size: 1_000_000)
        let (block, outcome) = try f.block([bad, good])
        #expect(block.transactions == [good])
        #expect(outcome.rejected.map(\.index) == [0])
    }
}
