import Crypto
import Ledger
import Matching
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

/// A `ChainFixture` chain with a journaled mempool in front of it, and the transactions
/// market makers send: chains of orders each spending the previous change, cancels by
/// transaction and by order ID.
struct MempoolFixture {
    var chain = ChainFixture()
    let journal = MemoryStore()
    let pool: Mempool

    static let price: UInt64 = 30_000_000_000
    static let size: UInt64 = 1_000_000

    init(limits: MempoolLimits = MempoolLimits()) throws {
        pool = try Mempool(config: chain.config, limits: limits, journal: journal)
    }

    var state: ChainState { chain.state }
    var traders: [any SigningKey] { [chain.alice, chain.bob, chain.carol] }

    /// What a pool holds and offers, comparable between pools.
    struct Snapshot: Equatable {
        let transactionCount: Int
        let cancelCount: Int
        let byteCount: Int
        let transactions: [Transaction]
        let cancels: [CancelRequest]
    }

    static func snapshot(_ pool: Mempool) -> Snapshot {
        let (transactions, cancels) = pool.candidates(maxTransactions: .max, maxCancels: .max)
        return Snapshot(
            transactionCount: pool.transactionCount, cancelCount: pool.cancelCount, byteCount: pool.byteCount,
            transactions: transactions.map(\.transaction), cancels: cancels)
    }

    var snapshot: Snapshot { Self.snapshot(pool) }

    func id(_ transaction: Transaction) -> Hash256 { transaction.id(suite: ChainFixture.suite) }

    /// Output `index` of `transaction`, as a coin to spend.
    func output(_ index: Int, of transaction: Transaction) -> (id: Hash256, amount: Amount) {
        (Transaction.outputID(transactionID: id(transaction), index: index, suite: ChainFixture.suite), transaction.outputs[index].amount)
    }

    /// `count` sells by `key` at rising prices, each spending the previous one's change;
    /// the first spends `key`'s largest BTC coin.
    func orderChain(_ key: any SigningKey, count: Int, from coin: (id: Hash256, amount: Amount)? = nil) -> [Transaction] {
        var funding = coin ?? chain.coins(key, chain.btc)[0]
        var transactions: [Transaction] = []
        for step in 0..<count {
            let price = Self.price + UInt64(step) * 10_000
            let transaction = chain.order(key, .sell, price: price, size: Self.size, spending: funding)
            transactions.append(transaction)
            funding = output(1, of: transaction)
        }
        return transactions
    }

    /// A transaction cancelling the order `place` created: it spends the order's output
    /// back to the seller with the cancel clause.
    func cancelTransaction(of place: Transaction, by key: any SigningKey) -> Transaction {
        let order = place.outputs[0]
        let transaction = Transaction(
            inputs: [Input(spending: chain.orderID(of: place), witness: .cancelOrder(ChainFixture.placeholder))],
            outputs: [Output(asset: order.asset, amount: order.amount, program: .payToKey(key.publicKey))])
        return chain.sign(transaction, with: key)
    }

    /// A cancel request for the order `place` created, signed by `key`.
    func cancelRequest(of place: Transaction, by key: any SigningKey) throws -> CancelRequest {
        try CancelRequest.signed(orderID: chain.orderID(of: place), chainID: chain.config.chainID, key: key, suite: ChainFixture.suite)
    }

    /// Proposes a block of the pool's candidates, checks the block refused none of them,
    /// commits it and tells the pool.
    @discardableResult
    mutating func commitCandidates(maxTransactions: Int = 1_000, maxCancels: Int = 1_000) throws -> BlockOutcome {
        let (transactions, cancels) = pool.candidates(maxTransactions: maxTransactions, maxCancels: maxCancels)
        let (_, outcome) = try chain.block(transactions.map(\.transaction), cancels: cancels)
        #expect(outcome.rejected.isEmpty)
        #expect(outcome.transactions.map(\.id) == transactions.map(\.id) && outcome.cancels == cancels)
        pool.blockCommitted(outcome, state: chain.state)
        return outcome
    }

    /// The number of journal entries in the store.
    func journalCount() throws -> Int { try journal.scan(prefix: [MempoolJournal.prefix]).count }

    /// Expects `body` to be refused with `expected`, whose code is `code`, and the pool
    /// unchanged by it.
    func expectRefusal(
        _ expected: ChainError, code: UInt16, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) throws {
        let before = snapshot
        let journaled = try journalCount()
        #expect(throws: expected, sourceLocation: sourceLocation) { try body() }
        #expect(expected.code == code, sourceLocation: sourceLocation)
        #expect(snapshot == before, sourceLocation: sourceLocation)
        #expect(try journalCount() == journaled, sourceLocation: sourceLocation)
    }
}
