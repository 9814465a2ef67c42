import Crypto
import Ledger
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool admission: valid transactions wait together; each rule refuses with its code and the pool unchanged")
struct MempoolAdmissionTests {
    @Test("a valid order is admitted: counted, its bytes counted, contained, journaled, and offered to the next block")
    func admits() throws {
        let f = try MempoolFixture()
        let place = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size)
        let id = try f.pool.submit(place, state: f.state)
        #expect(id == f.id(place))
        #expect(f.pool.transactionCount == 1 && f.pool.cancelCount == 0)
        #expect(f.pool.byteCount == place.canonicalBytes.count)
        #expect(f.pool.contains(id))
        #expect(try f.journalCount() == 1)
        #expect(f.pool.candidates(maxTransactions: 10, maxCancels: 10).transactions.map(\.transaction) == [place])
    }

    @Test("a chain of orders each spending the previous change, then a transaction cancelling the newest order's output, are all admitted")
    func chained() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 4)
        let cancel = f.cancelTransaction(of: orders[3], by: f.chain.alice)
        for transaction in orders + [cancel] { _ = try f.pool.submit(transaction, state: f.state) }
        #expect(f.pool.transactionCount == 5)
        #expect(f.pool.candidates(maxTransactions: 10, maxCancels: 0).transactions.map(\.transaction) == orders + [cancel])
    }

    @Test("resubmitting a pooled transaction is duplicate (8011)")
    func duplicate() throws {
        let f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        _ = try f.pool.submit(place, state: f.state)
        try f.expectRefusal(.duplicate(id: f.id(place)), code: 8011) { _ = try f.pool.submit(place, state: f.state) }
    }

    @Test("spending an output a pooled transaction spends is conflict (8302), naming that transaction")
    func doubleSpendInPool() throws {
        let f = try MempoolFixture()
        let coin = f.chain.coins(f.chain.alice, f.chain.btc)[0]
        let first = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size, spending: coin)
        let second = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price * 2, size: MempoolFixture.size, spending: coin)
        _ = try f.pool.submit(first, state: f.state)
        try f.expectRefusal(.conflict(outputID: coin.id, transactionID: f.id(first)), code: 8302) {
            _ = try f.pool.submit(second, state: f.state)
        }
    }

    @Test("spending an output the chain already spent is ledger_rejected (8001) wrapping missing_input")
    func doubleSpendAgainstChain() throws {
        var f = try MempoolFixture()
        let coin = f.chain.coins(f.chain.alice, f.chain.btc)[0]
        try f.chain.block([f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size, spending: coin)])
        let again = f.chain.order(f.chain.alice, .sell, price: MempoolFixture.price * 2, size: MempoolFixture.size, spending: coin)
        try f.expectRefusal(.ledger(.missingInput(input: 0, outputID: coin.id)), code: 8001) {
            _ = try f.pool.submit(again, state: f.state)
        }
    }

    @Test("a pool full by count is mempool_full (8301) and does not grow")
    func fullByCount() throws {
        let f = try MempoolFixture(limits: MempoolLimits(maxTransactions: 2))
        let orders = f.orderChain(f.chain.alice, count: 3)
        for transaction in orders.prefix(2) { _ = try f.pool.submit(transaction, state: f.state) }
        try f.expectRefusal(.mempoolFull(resource: .transactions, limit: 2), code: 8301) {
            _ = try f.pool.submit(orders[2], state: f.state)
        }
    }

    @Test("a pool full by bytes is mempool_full (8301) and does not grow")
    func fullByBytes() throws {
        let orders = try MempoolFixture().orderChain(ChainFixture().alice, count: 2)
        let limit = orders[0].canonicalBytes.count + orders[1].canonicalBytes.count - 1
        let f = try MempoolFixture(limits: MempoolLimits(maxBytes: limit))
        _ = try f.pool.submit(orders[0], state: f.state)
        try f.expectRefusal(.mempoolFull(resource: .bytes, limit: limit), code: 8301) {
            _ = try f.pool.submit(orders[1], state: f.state)
        }
    }

    @Test("an order for a pair no market trades is unknown_market (8002)")
    func unknownMarket() throws {
        let f = try MempoolFixture()
        let alice = f.chain.alice
        let coin = f.chain.coins(alice, f.chain.native)[0]
        let contract = MagneticOrder(
            requestedAsset: f.chain.btc, price: try Ratio(1, 1), sellerProgram: .payToKey(alice.publicKey),
            sellerKey: alice.publicKey, maxFeeBps: 20)
        let place = f.chain.sign(
            Transaction(
                inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))],
                outputs: [Output(asset: f.chain.native, amount: coin.amount, program: .magneticOrder(contract))]), with: alice)
        try f.expectRefusal(.unknownMarket(offered: f.chain.native, requested: f.chain.btc), code: 8002) {
            _ = try f.pool.submit(place, state: f.state)
        }
    }

    @Test("an off-tick price (8004), a fee cap under the market's (8005) and an already expired order (8013) are refused")
    func marketRules() throws {
        let f = try MempoolFixture()
        let alice = f.chain.alice
        let offTick = f.chain.order(alice, .sell, price: 30_000_005_000, size: MempoolFixture.size)
        let offTickError = ChainError.orderOffGrid(symbol: "BTC-USDT", rule: "price 30000005000 is not a multiple of tick_size 10000")
        try f.expectRefusal(offTickError, code: 8004) { _ = try f.pool.submit(offTick, state: f.state) }
        let lowCap = f.chain.order(alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size, feeCap: 10)
        try f.expectRefusal(.feeCapTooLow(symbol: "BTC-USDT", capBps: 10, requiredBps: 20), code: 8005) {
            _ = try f.pool.submit(lowCap, state: f.state)
        }
        let expired = f.chain.order(alice, .sell, price: MempoolFixture.price, size: MempoolFixture.size, expiry: 0)
        try f.expectRefusal(.orderExpired(expiry: 0, height: 1), code: 8013) { _ = try f.pool.submit(expired, state: f.state) }
    }

    @Test("a user transaction filling an order itself is fill_outside_settlement (8006)")
    func fillClause() throws {
        var f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        try f.chain.block([place])
        let live = try #require(f.state.exchange.liveOrder(f.chain.orderID(of: place)))
        let cash = f.chain.coins(f.chain.bob, f.chain.usdt)[0]
        let steal = f.chain.sign(
            Transaction(
                inputs: [
                    Input(spending: live.outputID, witness: .fillOrder(filled: Amount(MempoolFixture.size), remainderOutput: nil)),
                    Input(spending: cash.id, witness: .signature(ChainFixture.placeholder)),
                ],
                outputs: [
                    Output(asset: f.chain.usdt, amount: Amount(300_000_000), program: .payToKey(f.chain.alice.publicKey)),
                    Output(asset: f.chain.btc, amount: Amount(MempoolFixture.size), program: .payToKey(f.chain.bob.publicKey)),
                    Output(asset: f.chain.usdt, amount: Amount(cash.amount.units - 300_000_000), program: .payToKey(f.chain.bob.publicKey)),
                ]), with: f.chain.bob)
        try f.expectRefusal(.fillOutsideSettlement(input: 0), code: 8006) { _ = try f.pool.submit(steal, state: f.state) }
    }

    @Test("a transaction signed by a key other than the coin's is ledger_rejected (8001) wrapping bad_signature (3014)")
    func badSignature() throws {
        let f = try MempoolFixture()
        let forged = f.chain.sign(f.orderChain(f.chain.alice, count: 1)[0], with: f.chain.bob)
        let expected = ChainError.ledger(.badSignature(input: 0))
        try f.expectRefusal(expected, code: 8001) { _ = try f.pool.submit(forged, state: f.state) }
        #expect(LedgerError.badSignature(input: 0).code == 3014)
    }

    @Test("limits outside 1...ceiling are refused when the pool is made (mempool_limits_invalid, 8304)")
    func invalidLimits() {
        let config = ChainFixture().config
        let expected = ChainError.mempoolLimitsInvalid(resource: .transactions, value: 0, ceiling: MempoolLimits.ceilingTransactions)
        #expect(throws: expected) { try Mempool(config: config, limits: MempoolLimits(maxTransactions: 0)) }
        #expect(expected.code == 8304)
        let tooMany = MempoolLimits(maxBytes: MempoolLimits.ceilingBytes + 1)
        #expect(throws: ChainError.mempoolLimitsInvalid(resource: .bytes, value: tooMany.maxBytes, ceiling: MempoolLimits.ceilingBytes)) {
            try Mempool(config: config, limits: tooMany)
        }
    }
}
