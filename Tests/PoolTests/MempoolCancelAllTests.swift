import Crypto
import Ledger
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool cancel-alls and dead-man switches: checked as the block checks them, journaled, offered to the next block")
struct MempoolCancelAllTests {
    /// Proposes a block with the pool's transactions, cancels, cancel-alls and switches, commits it and tells the pool.
    @discardableResult
    func commitAll(_ f: inout MempoolFixture) throws -> BlockOutcome {
        let (transactions, _) = f.pool.candidates(maxTransactions: 1_000, maxCancels: 1_000)
        let mass = f.pool.massCandidates()
        let (_, outcome) = try f.chain.massBlock(
            transactions.map(\.transaction), cancelAlls: mass.cancelAlls, deadManSwitches: mass.deadManSwitches)
        #expect(outcome.rejected.isEmpty)
        f.pool.blockCommitted(outcome, state: f.chain.state)
        return outcome
    }

    @Test("a cancel-all of a resting and a pooled order is admitted, journaled, and the next block returns both; the pool is empty after")
    func cancelAllEndToEnd() throws {
        var f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 2)
        try f.chain.block([orders[0]])
        _ = try f.pool.submit(orders[1], state: f.state)
        let request = try f.chain.cancelAll(f.chain.alice, upTo: 2)
        #expect(f.pool.submit([.cancelAll(request)], state: f.state)[0].isSuccess)
        #expect(try f.journalCount() == 2)
        #expect(f.pool.massCandidates().cancelAlls == [request])

        let reloaded = try Mempool(config: f.chain.config, journal: f.journal)
        #expect(reloaded.reload(state: f.state) == 2 && reloaded.massCandidates().cancelAlls == [request])

        let outcome = try commitAll(&f)
        #expect(outcome.cancelAlls == [request])
        #expect(orders.prefix(2).allSatisfy { f.chain.state.exchange.liveOrder(f.chain.orderID(of: $0)) == nil })
        #expect(try f.pool.cancelCount == 0 && f.pool.transactionCount == 0 && f.journalCount() == 0)
        // Replayed, it finds nothing.
        try f.expectRefusal(.cancelAllNothingLeft(sellerKey: f.chain.alice.publicKey), code: 8020) {
            _ = try f.pool.submit([.cancelAll(request)], state: f.state)[0].get()
        }
    }

    @Test("the pool refuses a forged, another chain's, a future, a too old and an empty cancel-all with their codes, changing nothing")
    func cancelAllRefusals() throws {
        var f = try MempoolFixture()
        try f.chain.block([f.orderChain(f.chain.alice, count: 1)[0]])
        let alice = f.chain.alice.publicKey
        let bobs = try f.chain.cancelAll(f.chain.bob, upTo: 1)
        let forged = CancelAllRequest(sellerKey: alice, market: nil, createdUpToHeight: 1, signature: bobs.signature)
        let otherChain = try CancelAllRequest.signed(
            market: nil, createdUpToHeight: 1, chainID: ChainFixture.hash(0x77), key: f.chain.alice, suite: ChainFixture.suite)
        let cases: [(CancelAllRequest, ChainError, UInt16)] = [
            (forged, .cancelAllBadSignature(sellerKey: alice), 8019),
            (otherChain, .cancelAllBadSignature(sellerKey: alice), 8019),
            (try f.chain.cancelAll(f.chain.bob, upTo: 1), .cancelAllNothingLeft(sellerKey: f.chain.bob.publicKey), 8020),
            (try f.chain.cancelAll(f.chain.alice, upTo: 3), .cancelAllFutureHeight(upToHeight: 3, height: 2), 8022),
            (try f.chain.cancelAll(f.chain.alice, market: 5, upTo: 1), .scopeUnknownMarket(market: 5, count: 1), 8023),
        ]
        for (request, error, code) in cases {
            try f.expectRefusal(error, code: code) { _ = try f.pool.submit([.cancelAll(request)], state: f.state)[0].get() }
        }
    }

    @Test("a dead-man switch is admitted and armed by the next block; a stale one, a replay and one out of range are refused")
    func deadManEndToEnd() throws {
        var f = try MempoolFixture()
        let deadMan = try f.chain.deadMan(f.chain.alice, at: 10)
        #expect(f.pool.submit([.deadManSwitch(deadMan)], state: f.state)[0].isSuccess)
        try commitAll(&f)
        #expect(f.state.deadMen.trigger(of: deadMan.scope) == 10)
        #expect(f.pool.cancelCount == 0)
        try f.expectRefusal(.deadManStale(trigger: 10, armed: 10), code: 8025) {
            _ = try f.pool.submit([.deadManSwitch(deadMan)], state: f.state)[0].get()
        }
        try f.expectRefusal(.deadManOutOfRange(trigger: 2, height: 2, horizonBlocks: DeadManSwitch.horizonBlocks), code: 8026) {
            _ = try f.pool.submit([.deadManSwitch(try f.chain.deadMan(f.chain.alice, at: 2))], state: f.state)[0].get()
        }
        let forged = DeadManSwitch(sellerKey: f.chain.bob.publicKey, market: nil, triggerHeight: 10, signature: deadMan.signature)
        try f.expectRefusal(.deadManBadSignature(sellerKey: f.chain.bob.publicKey), code: 8024) {
            _ = try f.pool.submit([.deadManSwitch(forged)], state: f.state)[0].get()
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
