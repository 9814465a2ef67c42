import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool cancel requests: by order ID, of resting or pooled orders, signed by the seller key")
struct MempoolCancelTests {
    @Test("a cancel by ID of an order a pooled transaction creates is admitted, and one block includes both")
    func pooledOrder() throws {
        var f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        _ = try f.pool.submit(place, state: f.state)
        try f.pool.submit(try f.cancelRequest(of: place, by: f.chain.alice), state: f.state)
        #expect(f.pool.cancelCount == 1)
        let outcome = try f.commitCandidates()
        #expect(outcome.cancels.count == 1 && outcome.transactions.map(\.transaction) == [place])
        #expect(f.state.exchange.liveOrder(f.chain.orderID(of: place)) == nil)
        #expect(f.pool.transactionCount == 0 && f.pool.cancelCount == 0)
    }

    @Test("a cancel of a resting order is admitted and the next block cancels the order")
    func restingOrder() throws {
        var f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        try f.chain.block([place])
        try f.pool.submit(try f.cancelRequest(of: place, by: f.chain.alice), state: f.state)
        try f.commitCandidates()
        #expect(f.state.exchange.liveOrder(f.chain.orderID(of: place)) == nil)
    }

    @Test("a cancel signed by another key is cancel_bad_signature (8010)")
    func forged() throws {
        var f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        try f.chain.block([place])
        let forged = try f.cancelRequest(of: place, by: f.chain.bob)
        try f.expectRefusal(.cancelBadSignature(orderID: forged.orderID), code: 8010) { try f.pool.submit(forged, state: f.state) }
    }

    @Test("a cancel of an order neither resting nor pooled is unknown_order (8009)")
    func unknown() throws {
        let f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        let cancel = try f.cancelRequest(of: place, by: f.chain.alice)
        try f.expectRefusal(.unknownOrder(orderID: cancel.orderID), code: 8009) { try f.pool.submit(cancel, state: f.state) }
    }

    @Test("a second cancel of the same order is duplicate (8011)")
    func duplicate() throws {
        var f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        try f.chain.block([place])
        let cancel = try f.cancelRequest(of: place, by: f.chain.alice)
        try f.pool.submit(cancel, state: f.state)
        try f.expectRefusal(.duplicate(id: cancel.orderID), code: 8011) { try f.pool.submit(cancel, state: f.state) }
    }

    @Test(
        "a cancel of an order a pooled transaction spends is conflict (8302); spending an order with a pooled cancel is cancel_pending (8303)"
    )
    func cancelVersusSpend() throws {
        var f = try MempoolFixture()
        let places = f.orderChain(f.chain.alice, count: 2)
        try f.chain.block(places)
        let spend = f.cancelTransaction(of: places[0], by: f.chain.alice)
        _ = try f.pool.submit(spend, state: f.state)
        let late = try f.cancelRequest(of: places[0], by: f.chain.alice)
        try f.expectRefusal(.conflict(outputID: late.orderID, transactionID: f.id(spend)), code: 8302) {
            try f.pool.submit(late, state: f.state)
        }
        let cancel = try f.cancelRequest(of: places[1], by: f.chain.alice)
        try f.pool.submit(cancel, state: f.state)
        try f.expectRefusal(.cancelPending(orderID: cancel.orderID), code: 8303) {
            _ = try f.pool.submit(f.cancelTransaction(of: places[1], by: f.chain.alice), state: f.state)
        }
    }
}
