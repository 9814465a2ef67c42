import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool candidates: arrival order, parents first, and a block includes every one")
struct MempoolCandidatesTests {
    /// A pool holding chains of orders of three traders, a place-then-cancel transaction,
    /// cancels by ID of a pooled and of a resting order; returns what it submitted in order.
    func busyPool() throws -> (MempoolFixture, [Transaction], [CancelRequest]) {
        var f = try MempoolFixture()
        let resting = f.orderChain(f.chain.carol, count: 1)[0]
        try f.chain.block([resting])
        let alice = f.orderChain(f.chain.alice, count: 3)
        let bob = f.orderChain(f.chain.bob, count: 2)
        let carol = f.orderChain(f.chain.carol, count: 2, from: f.output(1, of: resting))
        let cancelAlice = f.cancelTransaction(of: alice[2], by: f.chain.alice)
        let transactions = [alice[0], bob[0], alice[1], carol[0], bob[1], alice[2], cancelAlice, carol[1]]
        for transaction in transactions { _ = try f.pool.submit(transaction, state: f.state) }
        let cancels = [try f.cancelRequest(of: bob[1], by: f.chain.bob), try f.cancelRequest(of: resting, by: f.chain.carol)]
        for cancel in cancels { try f.pool.submit(cancel, state: f.state) }
        return (f, transactions, cancels)
    }

    @Test("candidates come in arrival order with dependencies first, and a block proposed from them includes all, rejecting none")
    func fullBlock() throws {
        let (fixture, transactions, cancels) = try busyPool()
        var f = fixture
        let candidates = f.pool.candidates(maxTransactions: 100, maxCancels: 100)
        #expect(candidates.transactions.map(\.transaction) == transactions && candidates.cancels == cancels)
        let outcome = try f.commitCandidates()
        #expect(outcome.transactions.count == transactions.count && outcome.cancels.count == cancels.count)
        #expect(f.pool.transactionCount == 0 && f.pool.cancelCount == 0 && f.pool.byteCount == 0)
    }

    @Test("count limits cut the candidates cleanly: no transaction without its pooled parent, no cancel without its pooled order")
    func limits() throws {
        let (fixture, transactions, cancels) = try busyPool()
        var f = fixture
        let none = f.pool.candidates(maxTransactions: 0, maxCancels: 10)
        // The resting order's cancel may go alone; bob's pooled order's may not.
        #expect(none.transactions.isEmpty && none.cancels == [cancels[1]])
        let firstFour = f.pool.candidates(maxTransactions: 4, maxCancels: 10)
        #expect(firstFour.transactions.map(\.transaction) == Array(transactions.prefix(4)) && firstFour.cancels == [cancels[1]])
        try f.commitCandidates(maxTransactions: 4)
        #expect(f.pool.transactionCount == transactions.count - 4 && f.pool.cancelCount == 1)
        try f.commitCandidates()
        #expect(f.pool.transactionCount == 0 && f.pool.cancelCount == 0)
    }
}
