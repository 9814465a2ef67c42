import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Chain: the checked form of a transaction, computed once")
struct CheckedTransactionTests {
    @Test("its ID, size, root leaf and output IDs are the values each layer used to recompute")
    func valuesMatchTheirDefinitions() throws {
        let f = ChainFixture()
        let suite = f.state.config.suite
        let transactions = [
            f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000),
            f.order(f.bob, .buy, price: 29_000_000_000, size: 2_000_000),
        ]
        for transaction in transactions {
            let checked = CheckedTransaction(transaction, suite: suite)
            #expect(checked.id == transaction.id(suite: suite))
            #expect(checked.byteCount == transaction.canonicalBytes.count)
            #expect(checked.leafHash == suite.hash(.merkleLeaf, transaction.canonicalBytes))
            #expect(checked.outputIDs.count == transaction.outputs.count)
            for index in transaction.outputs.indices {
                #expect(checked.outputIDs[index] == Transaction.outputID(transactionID: checked.id, index: index, suite: suite))
            }
            #expect(!checked.signaturesVerified && checked.signaturesPassed().signaturesVerified)
            #expect(checked.signaturesPassed().id == checked.id)
        }
        // The root over carried leaves is the root over the encodings.
        let checked = CheckedTransaction.all(transactions, config: f.state.config)
        #expect(
            Block.transactionRoot(
                transactionLeaves: checked.map(\.leafHash), cancels: [], cancelAlls: [], deadManSwitches: [], suite: suite)
                == Block.transactionRoot(transactions: transactions, cancels: [], suite: suite))
    }

    @Test("a proposer's block carries the outcome's checked transactions, and a follower's re-execution agrees")
    func blockAgreesWithItsCheckedTransactions() throws {
        let f = ChainFixture()
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let buy = f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)
        let checked = CheckedTransaction.all([sell, buy], config: f.state.config)
        let (block, outcome) = try f.state.proposeBlock(checked: checked, cancels: [], timestampMs: 5_000, proposer: f.validator)
        #expect(outcome.transactions == checked)
        #expect(block.transactions == [sell, buy])
        #expect(Array(outcome.transactionIDs.prefix(2)) == checked.map(\.id))
        let followed = try f.state.verify(block)
        #expect(followed.transactions == checked)
        #expect(followed.commitment.digest == outcome.commitment.digest)
    }

    @Test(
        "the orders' terms are read at the edge; an order off the grid keeps its error, and the block refuses it with the same code as before"
    )
    func ordersAreReadOnce() throws {
        let f = ChainFixture()
        let config = f.state.config
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let checked = CheckedTransaction(sell, config: config)
        let read = try #require(checked.orders)
        #expect(read.count == 1 && read[0].outputIndex == 0)
        guard case .magneticOrder(let contract) = sell.outputs[0].program else {
            Issue.record("an order")
            return
        }
        #expect(read[0].contract == contract)
        #expect(try read[0].terms.get() == f.state.exchange.terms(of: sell.outputs[0], order: contract))
        #expect(CheckedTransaction(sell, suite: config.suite).orders == nil)

        // Half a tick: off the grid. The edge keeps why; the executor refuses the transaction
        // with that error whether or not the edge read the terms.
        let offGrid = f.order(f.bob, .sell, price: 30_000_005_000, size: 1_000_000)
        let offChecked = CheckedTransaction(offGrid, config: config)
        guard case .failure(let error)? = offChecked.orders?.first?.terms else {
            Issue.record("off the grid")
            return
        }
        #expect(error.name == "order_off_grid")
        for form in [offChecked, CheckedTransaction(offGrid, suite: config.suite)] {
            let outcome = try BlockExecutor.execute(state: f.state, mode: .build, timestampMs: 5_000, transactions: [form], cancels: [])
            #expect(outcome.rejected.first?.error == error)
        }
    }
}
