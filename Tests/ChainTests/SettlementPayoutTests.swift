import Crypto
import Ledger
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

/// Checks a block's recorded order settlements against its settlement transactions and the
/// UTXO set after it: what reports name must be exactly the ledger's outputs.
struct PayoutAudit {
    let before: ChainState
    let after: ChainState
    let outcome: BlockOutcome

    /// The output an input spent, and the order it held: from the state before the block, or
    /// created by one of the block's transactions (an order placed and settled in one block).
    func spent(_ id: Hash256) -> (output: Output, orderID: Hash256)? {
        if let entry = before.utxos.entry(id) { return (entry.output, entry.order?.orderID ?? id) }
        for checked in outcome.transactions {
            if let index = checked.outputIDs.firstIndex(of: id) { return (checked.transaction.outputs[index], id) }
        }
        return nil
    }

    /// Every check; returns how many orders' settlements it audited.
    @discardableResult
    func check() throws -> Int {
        let suite = ChainFixture.suite
        let feeCollector = after.config.feeCollector
        var audited = 0
        for settlement in outcome.settlements {
            let id = settlement.id(suite: suite)
            var spentTotals: [AssetID: UInt64] = [:]
            var named: [Hash256: SettledOutput] = [:]
            var orders = 0
            for input in settlement.inputs {
                guard let (output, orderID) = spent(input.spentOutputID), case .magneticOrder(let contract) = output.program else {
                    continue
                }
                orders += 1
                spentTotals[output.asset, default: 0] += output.amount.units
                let record = try #require(outcome.settlement(of: orderID), "every order a settlement spends has its record")
                #expect(record.transactionID == id)
                #expect((record.ending == .resting) == (record.remainder != nil), "a remainder exactly when the order rests on")
                for payout in record.payouts {
                    #expect(payout.output.program == contract.sellerProgram, "a payout pays the order's seller program")
                    named[payout.id] = payout
                }
                if let remainder = record.remainder {
                    #expect(remainder.output.program == .magneticOrder(contract), "the remainder keeps the contract")
                    #expect(after.exchange.liveOrder(orderID)?.outputID == remainder.id, "the order now lives in its remainder")
                    named[remainder.id] = remainder
                }
                audited += 1
            }
            // The epoch's fee payout settles no order.
            guard orders > 0 else { continue }
            #expect(orders == settlement.inputs.count, "a market settlement spends only orders")
            var movedTotals: [AssetID: UInt64] = [:]
            for (index, output) in settlement.outputs.enumerated() {
                let outputID = Transaction.outputID(transactionID: id, index: index, suite: suite)
                if let settled = named[outputID] {
                    #expect(settled.index == index && settled.output == output, "the named output is the settlement's output")
                    #expect(after.utxos.unspentOutput(outputID) == output, "the named output is unspent with that amount and owner")
                } else {
                    #expect(output.program == feeCollector, "every output not named for an order is a fee")
                }
                movedTotals[output.asset, default: 0] += output.amount.units
            }
            #expect(named.count + settlement.outputs.filter { $0.program == feeCollector }.count == settlement.outputs.count)
            #expect(movedTotals == spentTotals, "payouts + remainders + fees are exactly what the settlement spent")
        }
        return audited
    }
}

@Suite("Chain: the block outcome names each settled order's payouts and remainder")
struct SettlementPayoutTests {
    @Test("a cross: the maker's proceeds net of fee, the taker's base net of fee and its price-improvement refund, as the ledger's outputs")
    func crossing() throws {
        var f = ChainFixture()
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        try f.block([sell])
        let before = f.state
        let buy = f.order(f.bob, .buy, price: 30_100_000_000, size: 1_000_000)
        let (_, outcome) = try f.block([buy])
        #expect(try PayoutAudit(before: before, after: f.state, outcome: outcome).check() == 2)
        let maker = try #require(outcome.settlement(of: f.orderID(of: sell)))
        #expect(maker.ending == .filled && maker.remainder == nil)
        #expect(maker.payouts.map(\.output) == [Output(asset: f.usdt, amount: Amount(299_700_000), program: .payToKey(f.alice.publicKey))])
        let taker = try #require(outcome.settlement(of: f.orderID(of: buy)))
        #expect(taker.transactionID == maker.transactionID)
        // 0.01 BTC less the 20 bps taker fee; 301 − 300 USDT of price improvement back.
        #expect(
            Set(taker.payouts.map(\.output)) == [
                Output(asset: f.btc, amount: Amount(998_000), program: .payToKey(f.bob.publicKey)),
                Output(asset: f.usdt, amount: Amount(1_000_000), program: .payToKey(f.bob.publicKey)),
            ])
    }

    @Test("a partial fill names the remainder output, locked by the same contract, holding the rest")
    func partial() throws {
        var f = ChainFixture()
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 3_000_000)
        try f.block([sell])
        let before = f.state
        let (_, outcome) = try f.block([f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)])
        try PayoutAudit(before: before, after: f.state, outcome: outcome).check()
        let record = try #require(outcome.settlement(of: f.orderID(of: sell)))
        #expect(record.ending == .resting)
        let remainder = try #require(record.remainder)
        #expect(remainder.output.amount == Amount(2_000_000) && remainder.output.asset == f.btc)
        #expect(f.state.exchange.liveOrder(f.orderID(of: sell))?.outputID == remainder.id)
    }

    @Test("a cancel by ID and an expiry name the returned output; an order that did not trade has no record")
    func returns() throws {
        var f = ChainFixture()
        let resting = f.order(f.alice, .sell, price: 31_000_000_000, size: 1_000_000)
        let expiring = f.order(f.bob, .sell, price: 32_000_000_000, size: 500_000, expiry: 3)
        try f.block([resting, expiring])
        let cancel = try CancelRequest.signed(
            orderID: f.orderID(of: resting), chainID: f.config.chainID, key: f.alice, suite: ChainFixture.suite)
        var before = f.state
        var (_, outcome) = try f.block(cancels: [cancel])
        try PayoutAudit(before: before, after: f.state, outcome: outcome).check()
        let cancelled = try #require(outcome.settlement(of: f.orderID(of: resting)))
        #expect(cancelled.ending == .cancelled)
        #expect(cancelled.payouts.map(\.output) == [Output(asset: f.btc, amount: Amount(1_000_000), program: .payToKey(f.alice.publicKey))])
        #expect(outcome.settlement(of: f.orderID(of: expiring)) == nil)
        try f.block()  // height 3: not past expiry 3 yet
        before = f.state
        (_, outcome) = try f.block()  // height 4 > expiry 3
        try PayoutAudit(before: before, after: f.state, outcome: outcome).check()
        let expired = try #require(outcome.settlement(of: f.orderID(of: expiring)))
        #expect(expired.ending == .returned)
        #expect(expired.payouts.map(\.output) == [Output(asset: f.btc, amount: Amount(500_000), program: .payToKey(f.bob.publicKey))])
    }

    @Test(
        "over 150 seeded random blocks every named payout and remainder is the ledger's unspent output, and they sum with the fees to what each settlement spent"
    )
    func randomBlocks() throws {
        var flow = RandomFlow(seed: 0xC4A1_0042)
        var audited = 0
        for _ in 0..<150 {
            let before = flow.f.state
            let (transactions, cancels) = try flow.nextBlock()
            let (_, outcome) = try flow.f.block(transactions, cancels: cancels)
            audited += try PayoutAudit(before: before, after: flow.f.state, outcome: outcome).check()
        }
        #expect(audited > 100, "the flow settles enough orders to exercise every ending")
    }
}
