import Crypto
import Dispatch
import Ledger
import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

/// A seeded stream of what market makers send: chains of orders of three traders, cancels
/// of them by transaction, and bad items: forged signatures, duplicates, double spends and
/// off-tick prices.
struct MempoolTraffic {
    let f: MempoolFixture
    var rng: Xoshiro
    var funding: [(id: Hash256, amount: Amount)]
    var spent: [(id: Hash256, amount: Amount)] = []
    var placed: [(transaction: Transaction, trader: Int)] = []
    var sent: [Transaction] = []

    init(_ f: MempoolFixture, seed: UInt64) {
        self.f = f
        rng = seededRandom(seed)
        funding = f.traders.map { f.chain.coins($0, f.chain.btc)[0] }
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Gen.int(in: range).run(using: &rng) }

    mutating func next() -> Transaction {
        let trader = int(0...2)
        let key = f.traders[trader]
        let price = MempoolFixture.price + UInt64(int(0...50)) * 10_000
        let transaction: Transaction
        switch int(0...9) {
        case 0...4:
            transaction = f.chain.order(key, .sell, price: price, size: MempoolFixture.size, spending: funding[trader])
            spent.append(funding[trader])
            funding[trader] = f.output(1, of: transaction)
            placed.append((transaction, trader))
        case 5:
            let valid = f.chain.order(key, .sell, price: price, size: MempoolFixture.size, spending: funding[trader])
            transaction = f.chain.sign(valid, with: f.traders[(trader + 1) % 3])
        case 6 where !sent.isEmpty:
            transaction = sent[int(0...sent.count - 1)]
        case 7 where !spent.isEmpty:
            transaction = f.chain.order(
                key, .sell, price: price + 5_000_000, size: MempoolFixture.size, spending: spent[int(0...spent.count - 1)])
        case 8:
            transaction = f.chain.order(key, .sell, price: price + 5_000, size: MempoolFixture.size, spending: funding[trader])
        default:
            guard !placed.isEmpty else { return next() }
            let (place, owner) = placed.remove(at: int(0...placed.count - 1))
            transaction = f.cancelTransaction(of: place, by: f.traders[owner])
        }
        sent.append(transaction)
        return transaction
    }
}

@Suite("Mempool batches: parallel checks decide exactly as one-by-one submits, and many threads may submit at once")
struct MempoolBatchTests {
    @Test(
        "a seeded random mix (bad signatures, duplicates, double spends, off-grid, chained cancels) gets the same results, pool and candidates from one parallel batch as from one-by-one submits"
    )
    func batchMatchesSequential() throws {
        for seed: UInt64 in [0x3E3_0001, 0x3E3_0002, 0x3E3_0003] {
            let batched = try MempoolFixture()
            let sequential = try MempoolFixture()
            var traffic = MempoolTraffic(batched, seed: seed)
            let transactions = (0..<200).map { _ in traffic.next() }
            let batchResults = batched.pool.submit(transactions, state: batched.state)
            let oneByOne = transactions.map { transaction in
                Result { () throws(ChainError) in try sequential.pool.submit(transaction, state: sequential.state) }
            }
            #expect(batchResults == oneByOne)
            #expect(batched.snapshot == sequential.snapshot)
            let codes = Set(batchResults.compactMap { if case .failure(let error) = $0 { error.code } else { nil } })
            #expect(codes.isSuperset(of: [8001, 8004, 8011, 8302]), "the mix exercises every kind of refusal")
            #expect(batchResults.filter { (try? $0.get()) != nil }.count > 60)
            var block = batched
            try block.commitCandidates()
        }
    }

    @Test("a batch whose later transactions spend outputs of its earlier ones is admitted whole")
    func chainedBatch() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 40)
        let cancel = f.cancelTransaction(of: orders[39], by: f.chain.alice)
        let results = f.pool.submit(orders + [cancel], state: f.state)
        #expect(results == (orders + [cancel]).map { .success(f.id($0)) })
    }

    @Test("three threads submitting their own chains at once leave every transaction pooled exactly once, in a block-valid order")
    func concurrentSubmitters() throws {
        var f = try MempoolFixture()
        let chains = f.traders.map { f.orderChain($0, count: 30) }
        let pool = f.pool
        let state = f.state
        DispatchQueue.concurrentPerform(iterations: chains.count) { index in
            for transaction in chains[index] { _ = try? pool.submit(transaction, state: state) }
        }
        #expect(f.pool.transactionCount == 90)
        #expect(Set(f.pool.candidates(maxTransactions: 100, maxCancels: 0).transactions.map(\.transaction)) == Set(chains.joined()))
        try f.commitCandidates()
        #expect(f.pool.transactionCount == 0)
    }
}
