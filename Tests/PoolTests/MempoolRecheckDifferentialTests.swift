import Crypto
import Ledger
import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

/// Compares the pool's recheck after a block (which re-validates only what the block can
/// have affected) with re-admitting every pooled item in full, on seeded random pools and
/// blocks: chains of orders, crossing buys, orders expiring at the next height, cancels
/// by transaction and by request, and rival transactions spending pooled coins.
@Suite("Mempool recheck, differential: keeping unaffected items as they are gives exactly what re-admitting everything gives")
struct MempoolRecheckDifferentialTests {
    @Test("60 seeded random pools and blocks: same pool (keys, arrival order, counts) and same dropped items, with the same reasons")
    func matchesFullReadmission() throws {
        var (droppedTotal, keptTotal) = (0, 0)
        for seed in UInt64(0)..<60 {
            var f = try MempoolFixture()
            var random = seededRandom(seed)
            let pooled = Self.randomPool(&f, random: &random)
            for item in pooled { _ = f.pool.submit([item], state: f.state) }
            let (transactions, cancels) = f.pool.candidates(maxTransactions: Int(random.next() % 12), maxCancels: Int(random.next() % 3))
            var blockTransactions = transactions.map(\.transaction)
            if random.next() % 2 == 0 { blockTransactions.append(Self.rival(f, random: &random)) }
            let (_, outcome) = try f.chain.block(blockTransactions, cancels: cancels)

            let contents = f.pool.guarded.withLock { $0.contents }
            let context = AdmissionContext(
                config: f.chain.config, limits: MempoolLimits(), state: f.state, memo: f.pool.signatureMemo, suite: ChainFixture.suite)
            let included = Set(
                outcome.transactionIDs.map(PoolKey.transaction) + outcome.cancels.map { PoolKey.cancel(orderID: $0.orderID) })
            let fast = contents.rechecked(without: included, context: context)
            let full = Self.fullyRechecked(contents, without: included, context: context)
            #expect(fast.contents.orderedEntries.map(\.key) == full.contents.orderedEntries.map(\.key), "seed \(seed)")
            #expect(
                (fast.contents.transactionCount, fast.contents.cancelCount, fast.contents.byteCount)
                    == (full.contents.transactionCount, full.contents.cancelCount, full.contents.byteCount), "seed \(seed)")
            #expect(fast.dropped.map(\.key) == full.dropped.map(\.key), "seed \(seed)")
            droppedTotal += fast.dropped.count
            keptTotal += fast.contents.orderedEntries.count
            #expect(fast.dropped.map { $0.dropped.reason.code } == full.dropped.map { $0.dropped.reason.code }, "seed \(seed)")
        }
        // The cases exercise both outcomes, not only one.
        #expect(droppedTotal > 20 && keptTotal > 100, "dropped \(droppedTotal), kept \(keptTotal)")
    }

    /// The reference: every surviving item admitted again in full, in arrival order.
    static func fullyRechecked(_ contents: PoolContents, without removed: Set<PoolKey>, context: AdmissionContext) -> (
        contents: PoolContents, dropped: [(key: PoolKey, dropped: DroppedItem)]
    ) {
        var fresh = PoolContents(nextSequence: contents.nextSequence)
        let survivors = contents.orderedEntries.filter { !removed.contains($0.key) }
        let dropped = fresh.readmit(survivors.map { ($0.prepared, $0.sequence) }, context: context)
        return (fresh, dropped)
    }

    /// Chains of sells (some expiring at the next height), crossing buys, and cancels of
    /// some of those orders, by transaction or by request.
    static func randomPool(_ f: inout MempoolFixture, random: inout Xoshiro) -> [PoolItem] {
        var items: [PoolItem] = []
        let nextHeight = f.state.height + 1
        for key in f.traders {
            var funding = f.chain.coins(key, f.chain.btc)[0]
            for step in 0..<Int(1 + random.next() % 4) {
                let expiry: UInt64? = random.next() % 4 == 0 ? nextHeight : nil
                let price = MempoolFixture.price + UInt64(step) * 10_000
                let order = f.chain.order(key, .sell, price: price, size: MempoolFixture.size, expiry: expiry, spending: funding)
                items.append(.transaction(order, suite: ChainFixture.suite))
                funding = f.output(1, of: order)
                switch random.next() % 5 {
                case 0: items.append(.transaction(f.cancelTransaction(of: order, by: key), suite: ChainFixture.suite))
                case 1: if let cancel = try? f.cancelRequest(of: order, by: key) { items.append(.cancel(cancel)) }
                default: break
                }
            }
            if random.next() % 2 == 0 {
                items.append(
                    .transaction(
                        f.chain.order(key, .buy, price: MempoolFixture.price + 20_000, size: MempoolFixture.size), suite: ChainFixture.suite
                    ))
            }
        }
        return items
    }

    /// A transaction of some trader spending its largest BTC coin (which its pooled chain
    /// also spends) elsewhere: the block's version wins, the pooled chain must go.
    static func rival(_ f: MempoolFixture, random: inout Xoshiro) -> Transaction {
        let key = f.traders[Int(random.next() % UInt64(f.traders.count))]
        return f.chain.order(
            key, .sell, price: MempoolFixture.price * 2, size: MempoolFixture.size, spending: f.chain.coins(key, f.chain.btc)[0])
    }
}
