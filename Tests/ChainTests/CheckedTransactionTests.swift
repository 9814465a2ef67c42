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
        let checked = CheckedTransaction.all(transactions, suite: suite)
        #expect(
            Block.transactionRoot(
                transactionLeaves: checked.map(\.leafHash), cancels: [], cancelAlls: [], deadManSwitches: [], suite: suite)
                == Block.transactionRoot(transactions: transactions, cancels: [], suite: suite))
    }

    @Test("a proposer's block carries the outcome's checked transactions, and a follower's re-execution agrees")
    func blockAgreesWithItsCheckedTransactions() throws {
        let f = ChainFixture()
        let suite = f.state.config.suite
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let buy = f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)
        let checked = CheckedTransaction.all([sell, buy], suite: suite)
        let (block, outcome) = try f.state.proposeBlock(checked: checked, cancels: [], timestampMs: 5_000, proposer: f.validator)
        #expect(outcome.transactions == checked)
        #expect(block.transactions == [sell, buy])
        #expect(Array(outcome.transactionIDs.prefix(2)) == checked.map(\.id))
        let followed = try f.state.verify(block)
        #expect(followed.transactions == checked)
        #expect(followed.commitment.digest == outcome.commitment.digest)
    }
}
