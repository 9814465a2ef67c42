import Crypto
import Ledger
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Pool

@Suite("Mempool journal: every admitted item is on disk before submit returns, and a restarted node gets them back")
struct MempoolJournalTests {
    @Test("after a crash, a new mempool over the same store reloads every item, in the original order")
    func survivesCrash() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 3) + f.orderChain(f.chain.bob, count: 2)
        let cancelTransaction = f.cancelTransaction(of: orders[2], by: f.chain.alice)
        _ = f.pool.submit(orders + [cancelTransaction], state: f.state)
        try f.pool.submit(try f.cancelRequest(of: orders[4], by: f.chain.bob), state: f.state)
        let before = f.snapshot
        // The process dies: only the store remains.
        let restarted = try Mempool(config: f.chain.config, journal: f.journal)
        #expect(restarted.transactionCount == 0)
        #expect(restarted.reload(state: f.state) == 7)
        #expect(MempoolFixture.snapshot(restarted) == before)
        #expect(restarted.reload(state: f.state) == 0)
    }

    @Test("reload drops and forgets journaled items a block committed before the crash made obsolete")
    func reloadDropsObsolete() throws {
        var f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 2)
        let bob = f.orderChain(f.chain.bob, count: 1)[0]
        _ = f.pool.submit(orders + [bob], state: f.state)
        // The block with Alice's first order was stored, then the node died before telling the pool.
        try f.chain.block([orders[0]])
        let restarted = try Mempool(config: f.chain.config, journal: f.journal)
        #expect(restarted.reload(state: f.state) == 2)
        #expect(MempoolFixture.snapshot(restarted).transactions == [orders[1], bob])
        #expect(try f.journalCount() == 2)
        // Items submitted after the restart come after the reloaded ones.
        let next = f.orderChain(f.chain.bob, count: 1, from: f.output(1, of: bob))[0]
        _ = try restarted.submit(next, state: f.state)
        #expect(MempoolFixture.snapshot(restarted).transactions == [orders[1], bob, next])
    }

    @Test("a journal write that fails refuses the submission with storage_failed (8201) and leaves the pool unchanged")
    func writeFailure() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 2)
        _ = try f.pool.submit(orders[0], state: f.state)
        let before = f.snapshot
        f.journal.close()
        let results = f.pool.submit(orders, state: f.state)
        #expect(results == [.failure(.duplicate(id: f.id(orders[0]))), .failure(.storage(.closed(store: "memory")))])
        #expect(ChainError.storage(.closed(store: "memory")).code == 8201)
        #expect(f.snapshot == before)
    }

    @Test("an undecodable journal entry stops the pool from opening with storage_corrupt (8202)")
    func corruptEntry() throws {
        let store = MemoryStore()
        try store.put([MempoolJournal.prefix] + [UInt8](repeating: 7, count: 32), [9, 9, 9])
        let config = ChainFixture().config
        let error = #expect(throws: ChainError.self) { try Mempool(config: config, journal: store) }
        #expect(error?.code == 8202)
    }

    @Test("a journal entry stored under another item's key is storage_corrupt (8202)")
    func misplacedEntry() throws {
        let f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        let record = JournalRecord(sequence: 0, item: .transaction(place, suite: ChainFixture.suite))
        try f.journal.put([MempoolJournal.prefix] + Hash256.zero.bytes, record.canonicalBytes)
        #expect(throws: ChainError.storageCorrupt(reason: "mempool journal entry is stored under another item's key")) {
            try Mempool(config: f.chain.config, journal: f.journal)
        }
    }

    @Test("journal records round-trip through their encoding; an unknown kind is refused")
    func recordCodec() throws {
        let f = try MempoolFixture()
        let place = f.orderChain(f.chain.alice, count: 1)[0]
        for record in [
            JournalRecord(sequence: 42, item: .transaction(place, suite: ChainFixture.suite)),
            JournalRecord(sequence: 7, item: .cancel(try f.cancelRequest(of: place, by: f.chain.alice))),
        ] {
            #expect(try JournalRecord.decode(record.canonicalBytes, config: f.chain.config) == record)
        }
        let cancelAll = try f.chain.cancelAll(f.chain.alice, upTo: 1)
        let deadMan = try f.chain.deadMan(f.chain.alice, market: 0, at: 9)
        for record in [JournalRecord(sequence: 8, item: .cancelAll(cancelAll)), JournalRecord(sequence: 9, item: .deadManSwitch(deadMan))] {
            #expect(try JournalRecord.decode(record.canonicalBytes, config: f.chain.config) == record)
        }
        #expect(throws: PrimitivesError.unknownTag(field: "mempool_journal.kind", tag: 5)) {
            try JournalRecord.decode([5] + [UInt8](repeating: 0, count: 8), config: f.chain.config)
        }
    }

    @Test("a journaled transaction is written as the bytes its checked form carries and reloads with exactly those bytes")
    func journalKeepsTheBytes() throws {
        let f = try MempoolFixture()
        let orders = f.orderChain(f.chain.alice, count: 2) + f.orderChain(f.chain.bob, count: 1)
        let checked = try orders.map { try CheckedTransaction.decode($0.canonicalBytes, config: f.chain.config) }
        #expect(f.pool.submit(checked.map(PoolItem.transaction), state: f.state).allSatisfy { (try? $0.get()) != nil })
        for order in orders {
            // Tag 1, the sequence (8 bytes), then the transaction's canonical encoding.
            let value = try #require(try f.journal.get(MempoolJournal.key(.transaction(f.id(order)))))
            #expect(value.first == 1 && value.count == 9 + order.canonicalBytes.count)
            #expect(Array(value.dropFirst(9)) == order.canonicalBytes)
        }
        let restarted = try Mempool(config: f.chain.config, journal: f.journal)
        #expect(restarted.reload(state: f.state) == 3)
        let reloaded = restarted.candidates(maxTransactions: 10, maxCancels: 0).transactions
        #expect(reloaded.map(\.bytes) == orders.map(\.canonicalBytes))
        #expect(reloaded.map(\.id) == orders.map(f.id))
        #expect(restarted.byteCount == orders.map(\.canonicalBytes.count).reduce(0, +))
    }
}
