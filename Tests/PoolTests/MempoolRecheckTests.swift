import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool after a block: included items leave, items that no longer apply are dropped, the rest stay")
struct MempoolRecheckTests {
    @Test("blockCommitted removes what the block included, from the pool and the journal; the rest stays and is offered next")
    func removesIncluded() throws {
        var f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 3)
        for transaction in orders { _ = try f.pool.submit(transaction, state: f.state) }
        try f.commitCandidates(maxTransactions: 2)
        #expect(f.pool.transactionCount == 1 && f.pool.contains(f.id(orders[2])))
        #expect(f.pool.byteCount == orders[2].canonicalBytes.count)
        #expect(try f.journalCount() == 1)
        #expect(f.pool.candidates(maxTransactions: 10, maxCancels: 10).transactions.map(\.transaction) == [orders[2]])
    }

    @Test(
        "blockCommitted drops a transaction whose input another block transaction spent, and its pooled dependants, and returns them in arrival order with why"
    )
    func dropsConflicts() throws {
        var f = try MempoolFixture()
        let coin = f.chain.coins(f.chain.alice, f.chain.btc)[0]
        let pooled = f.orderChain(f.chain.alice, count: 2, from: coin)
        let bob = f.orderChain(f.chain.bob, count: 1)[0]
        for transaction in pooled + [bob] { _ = try f.pool.submit(transaction, state: f.state) }
        // Another node's block spends Alice's coin differently, and includes Bob's order.
        let rival = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price * 2, size: MempoolFixture.size, spending: coin)
        let (_, outcome) = try f.chain.block([rival, bob])
        let dropped = f.pool.blockCommitted(outcome, state: f.state)
        #expect(dropped.map(\.item) == pooled.map { PoolItem.transaction($0, suite: ChainFixture.suite) })
        #expect(dropped.allSatisfy { $0.reason.code != 0 })
        #expect(f.pool.transactionCount == 0 && f.pool.byteCount == 0)
        #expect(try f.journalCount() == 0)
    }

    @Test("blockCommitted drops (and returns) cancels of orders the block removed, and orders that expire before the next block")
    func dropsGoneOrders() throws {
        var f = try MempoolFixture()
        let resting = f.orderChain(f.chain.alice, count: 1)[0]
        try f.chain.block([resting])
        try f.pool.submit(try f.cancelRequest(of: resting, by: f.chain.alice), state: f.state)
        let nextHeight = f.state.height + 1
        let expiring = f.chain.order(f.chain.bob, .sell, price: MempoolFixture.price, size: MempoolFixture.size, expiry: nextHeight)
        _ = try f.pool.submit(expiring, state: f.state)
        let (_, outcome) = try f.chain.block([f.cancelTransaction(of: resting, by: f.chain.alice)])
        let dropped = f.pool.blockCommitted(outcome, state: f.state)
        #expect(dropped.count == 2 && dropped.last?.item == .transaction(expiring, suite: ChainFixture.suite))
        #expect(f.pool.cancelCount == 0 && f.pool.transactionCount == 0)
        #expect(try f.journalCount() == 0)
    }

    @Test("after blockCommitted a transaction whose pooled parent the block included is still admitted and re-offered")
    func keepsChildrenOfIncluded() throws {
        var f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 2)
        let cancel = f.cancelTransaction(of: orders[0], by: f.chain.alice)
        for transaction in orders + [cancel] { _ = try f.pool.submit(transaction, state: f.state) }
        try f.commitCandidates(maxTransactions: 1)
        #expect(f.pool.candidates(maxTransactions: 10, maxCancels: 10).transactions.map(\.transaction) == [orders[1], cancel])
        try f.commitCandidates()
        #expect(f.pool.transactionCount == 0)
    }

    @Test("a submit checked against a state older than the last committed block's is stale_state (8305), changing nothing")
    func staleState() throws {
        var f = try MempoolFixture()
        let old = f.state
        try f.commitCandidates()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        try f.expectRefusal(.staleState(height: 0, poolHeight: 1), code: 8305) { _ = try f.pool.submit(place, state: old) }
        #expect(try f.pool.submit(place, state: f.state) == f.id(place))
    }
}
