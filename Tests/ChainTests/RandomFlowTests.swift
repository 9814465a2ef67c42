@testable import Chain
@testable import ChainFixtures
import Crypto
import Ledger
import Matching
import Primitives
import PropertyBased
import Testing
import TestSupport

/// Seeded random order flow: limit, IOC and post-only orders of three traders around a
/// moving mid, with expiries and cancels by ID.
struct RandomFlow {
    var f = ChainFixture()
    var rng: Xoshiro
    var placed: [(orderID: Hash256, owner: any SigningKey)] = []

    init(seed: UInt64) { rng = seededRandom(seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Gen.int(in: range).run(using: &rng) }

    /// One block's worth of candidates: each trader places at most one order (they spend
    /// their largest coin) and some resting orders get cancel requests.
    mutating func nextBlock() throws -> (transactions: [Transaction], cancels: [CancelRequest]) {
        var transactions = [Transaction]()
        for trader in [f.alice, f.bob, f.carol] where int(0...3) > 0 {
            let side: Side = int(0...1) == 0 ? .buy : .sell
            let price = UInt64(30_000 + int(-20...20)) * 1_000_000
            let size = UInt64(int(1...30)) * 10_000
            let flags: MagneticOrder.Flags = [[], [], [], .immediateOrCancel, .postOnly][int(0...4)]
            let expiry: UInt64? = int(0...3) == 0 ? f.state.height + UInt64(int(1...4)) : nil
            let tx = f.order(trader, side, price: price, size: size, flags: flags, expiry: expiry)
            transactions.append(tx)
            placed.append((f.orderID(of: tx), trader))
        }
        var cancels = [CancelRequest]()
        for (orderID, owner) in placed where f.state.exchange.liveOrder(orderID) != nil && int(0...9) == 0 {
            cancels.append(try CancelRequest.signed(orderID: orderID, chainID: f.config.chainID, key: owner, suite: ChainFixture.suite))
        }
        return (transactions, cancels)
    }
}

@Suite("Chain: seeded random order flow")
struct RandomFlowTests {
    @Test("over 120 random blocks every block verifies on a follower, settles through the ledger, conserves every asset, and leaves no crossed book")
    func randomBlocks() throws {
        var flow = RandomFlow(seed: 0xC4A1_0001)
        let initial = flow.f.totals()
        var trades = 0
        for _ in 0..<120 {
            let (transactions, cancels) = try flow.nextBlock()
            let (_, outcome) = try flow.f.block(transactions, cancels: cancels)
            trades += outcome.trades.count
            #expect(flow.f.totals() == initial)
            for book in flow.f.state.exchange.books {
                if let bid = book.bestPrice(.buy), let ask = book.bestPrice(.sell) { #expect(bid < ask) }
            }
        }
        #expect(trades > 50, "the flow should trade often enough to exercise settlement")
    }

    @Test("the same inputs executed twice give byte-identical headers and settlements (only the proposer's randomized signature differs)")
    func determinism() throws {
        var first = RandomFlow(seed: 0xC4A1_0002)
        var second = RandomFlow(seed: 0xC4A1_0002)
        for _ in 0..<30 {
            let inputs = try first.nextBlock()
            _ = try second.nextBlock()
            let (a, _) = try first.f.block(inputs.transactions, cancels: inputs.cancels)
            let (b, _) = try second.f.block(inputs.transactions, cancels: inputs.cancels)
            #expect(a.header.canonicalBytes == b.header.canonicalBytes)
            #expect(a.settlements.map(\.canonicalBytes) == b.settlements.map(\.canonicalBytes))
        }
    }
}
