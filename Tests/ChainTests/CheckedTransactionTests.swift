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

    @Test(
        "on every path that builds a checked value (from a value, decoded at the edge, from kept bytes, from a decoded block) its bytes are the canonical encoding and give the same ID, leaf, output IDs and orders"
    )
    func keptBytesAreTheCanonicalEncoding() throws {
        var f = ChainFixture()
        let config = f.state.config
        let suite = config.suite
        let btc = f.coins(f.alice, f.btc)[0]
        let usdt = f.coins(f.alice, f.usdt)[0]
        // Two inputs with two witnesses: the body ends where the first witness starts.
        let transfer = f.sign(
            Transaction(
                inputs: [
                    Input(spending: btc.id, witness: .signature(ChainFixture.placeholder)),
                    Input(spending: usdt.id, witness: .signature(ChainFixture.placeholder)),
                ],
                outputs: [
                    Output(asset: f.btc, amount: btc.amount, program: .payToKey(f.bob.publicKey)),
                    Output(asset: f.usdt, amount: usdt.amount, program: .payToKey(f.bob.publicKey)),
                ]),
            with: f.alice)
        let sell = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let buy = f.order(f.bob, .buy, price: 30_000_000_000, size: 1_000_000)
        for transaction in [transfer, sell, buy] {
            let canonical = transaction.canonicalBytes
            let reference = CheckedTransaction(transaction, config: config)
            let paths = [
                ("value", reference),
                ("edge decode", try CheckedTransaction.decode(canonical, config: config)),
                ("kept bytes", CheckedTransaction(transaction, encoding: canonical, config: config)),
            ]
            for (path, checked) in paths {
                #expect(checked.bytes == canonical, "\(path)")
                #expect(checked.byteCount == canonical.count, "\(path)")
                #expect(checked.id == transaction.id(suite: suite), "\(path)")
                #expect(checked.leafHash == suite.hash(.merkleLeaf, canonical), "\(path)")
                #expect(checked.outputIDs == reference.outputIDs, "\(path)")
                #expect(checked.orders == reference.orders, "\(path)")
                #expect(checked.transaction == transaction, "\(path)")
            }
        }
        // Decoded from a block: the block's bytes, sliced.
        let (block, _) = try f.block([sell, buy])
        let decoded = try Block.decode(block.canonicalBytes)
        let fromBlock = CheckedTransaction.all(of: decoded, config: config)
        #expect(fromBlock.map(\.bytes) == [sell.canonicalBytes, buy.canonicalBytes])
        #expect(fromBlock.map(\.id) == [sell.id(suite: suite), buy.id(suite: suite)])
        #expect(fromBlock.map(\.leafHash) == CheckedTransaction.all([sell, buy], config: config).map(\.leafHash))
        // Bytes that are not one canonical transaction are refused at the edge.
        #expect(throws: LedgerError.self) { try CheckedTransaction.decode(sell.canonicalBytes + [0], config: config) }
        #expect(throws: LedgerError.self) { try CheckedTransaction.decode(Array(sell.canonicalBytes.dropLast()), config: config) }
    }
}
