import Crypto
import Ledger
import Primitives
import TestSupport
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

/// The pool's per-key tally of what pooled transactions pay to each key, which balances
/// queries read: kept on every insert and remove, it must equal a count from scratch.
@Suite("Mempool key tally: what the pool pays to each key, kept as items come and go")
struct MempoolKeyTallyTests {
    /// Per key and asset, the pooled outputs no pooled transaction spends, summed from scratch.
    static func fromScratch(_ contents: PoolContents) -> [PublicKey: [AssetID: UInt64]] {
        var amounts: [PublicKey: [AssetID: UInt64]] = [:]
        for (id, pooled) in contents.created where contents.spentBy[id] == nil {
            for key in CoinIndex.spenders(of: pooled.output.program) {
                amounts[key, default: [:]][pooled.output.asset, default: 0] += pooled.output.amount.units
            }
        }
        return amounts
    }

    @Test("a payment and an order chain: the receiver's pending_in, the spender's committed coin as spent; all gone after the block")
    func paymentAndBlock() throws {
        var f = try MempoolFixture()
        let funding = f.chain.coins(f.chain.alice, f.chain.usdt)[0]
        // Enough for bob's order below and some left over.
        let paid = f.chain.config.markets[0].quoteValue(size: 10_000, price: 20_000_000_000) + 500
        let payment = f.chain.sign(
            Transaction(
                inputs: [Input(spending: funding.id, witness: .signature(ChainFixture.placeholder))],
                outputs: [
                    Output(asset: f.chain.usdt, amount: Amount(paid), program: .payToKey(f.chain.bob.publicKey)),
                    Output(asset: f.chain.usdt, amount: Amount(funding.amount.units - paid), program: .payToKey(f.chain.alice.publicKey)),
                ]), with: f.chain.alice)
        _ = try f.pool.submit(payment, state: f.state)
        let bob = f.pool.pending(of: f.chain.bob.publicKey, committed: [])
        #expect(bob.payingIn == [f.chain.usdt: Amount(paid)])
        let alice = f.pool.pending(of: f.chain.alice.publicKey, committed: [funding.id, f.chain.coins(f.chain.alice, f.chain.btc)[0].id])
        #expect(alice.spent == [funding.id])
        #expect(alice.payingIn == [f.chain.usdt: Amount(funding.amount.units - paid)])

        // Bob's order spends the pooled payment: it stops counting; the order output counts.
        let order = f.chain.order(
            f.chain.bob, .buy, price: 20_000_000_000, size: 10_000, spending: f.output(0, of: payment))
        _ = try f.pool.submit(order, state: f.state)
        let tally = f.pool.guarded.withLock { $0.contents.keyTally.amounts }
        #expect(tally == Self.fromScratch(f.pool.guarded.withLock { $0.contents }))
        // The order's output and its change (500) both pay to bob, as the payment did.
        #expect(f.pool.pending(of: f.chain.bob.publicKey, committed: []).payingIn == [f.chain.usdt: Amount(paid)])

        try f.commitCandidates()
        #expect(f.pool.transactionCount == 0)
        #expect(f.pool.guarded.withLock { $0.contents.keyTally.amounts }.isEmpty)
    }

    @Test("60 seeded random pools and blocks: after admission and after the re-check, the tally equals a count from scratch")
    func matchesFromScratch() throws {
        for seed in UInt64(0)..<60 {
            var f = try MempoolFixture()
            var random = seededRandom(0x7A11_0000 + seed)
            for item in MempoolRecheckDifferentialTests.randomPool(&f, random: &random) { _ = f.pool.submit([item], state: f.state) }
            var contents = f.pool.guarded.withLock { $0.contents }
            #expect(contents.keyTally.amounts == Self.fromScratch(contents), "seed \(seed), admitted")
            let (transactions, cancels) = f.pool.candidates(maxTransactions: Int(random.next() % 12), maxCancels: Int(random.next() % 3))
            var blockTransactions = transactions.map(\.transaction)
            if random.next() % 2 == 0 { blockTransactions.append(MempoolRecheckDifferentialTests.rival(f, random: &random)) }
            let (_, outcome) = try f.chain.block(blockTransactions, cancels: cancels)
            f.pool.blockCommitted(outcome, state: f.state)
            contents = f.pool.guarded.withLock { $0.contents }
            #expect(contents.keyTally.amounts == Self.fromScratch(contents), "seed \(seed), after the block")
        }
    }
}
