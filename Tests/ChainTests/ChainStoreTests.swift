import Crypto
import Foundation
import Ledger
import Matching
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("ChainStore: one synced batch per block, restart from the last committed block")
struct ChainStoreTests {
    /// Runs seeded random blocks, committing each to `store` as a node does.
    func run(blocks: Int, store: some KeyValueStore, seed: UInt64) throws -> RandomFlow {
        var flow = RandomFlow(seed: seed)
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        flow.f.state = try chain.open(config: flow.f.config)
        for _ in 0..<blocks {
            let inputs = try flow.nextBlock()
            let (block, outcome) = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
            try chain.commit(block, outcome: outcome)
        }
        return flow
    }

    func expectSameState(_ a: ChainState, _ b: ChainState) {
        #expect(a.tipHash == b.tipHash)
        #expect(a.height == b.height)
        #expect(a.commitment == b.commitment)
        #expect(a.utxos.sortedEntries().map(\.id) == b.utxos.sortedEntries().map(\.id))
        #expect(a.exchange.restingOrderCount == b.exchange.restingOrderCount)
        for market in a.config.markets.indices {
            #expect(a.exchange.books[market].levels(.buy) == b.exchange.books[market].levels(.buy))
            #expect(a.exchange.books[market].levels(.sell) == b.exchange.books[market].levels(.sell))
        }
    }

    @Test("a reopened store gives the same tip, UTXO set, commitment and books, and the next block executes identically")
    func reopen() throws {
        let store = MemoryStore()
        var flow = try run(blocks: 40, store: store, seed: 0x5707_0001)
        let reopened = try ChainStore(store: store, suite: ChainFixture.suite).open(config: flow.f.config)
        expectSameState(flow.f.state, reopened)
        let next = try flow.nextBlock()
        let original = try BlockExecutor.execute(
            state: flow.f.state, mode: .build, timestampMs: 1 << 40,
            transactions: CheckedTransaction.all(next.transactions, config: reopened.config), cancels: next.cancels)
        let restored = try BlockExecutor.execute(
            state: reopened, mode: .build, timestampMs: 1 << 40,
            transactions: CheckedTransaction.all(next.transactions, config: reopened.config), cancels: next.cancels)
        #expect(original.settlements == restored.settlements)
        #expect(original.commitment == restored.commitment)
    }

    @Test("the same holds on LevelDB across close and reopen; blocks and transactions are indexed")
    func levelDB() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-chainstore-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try LevelDBStore(path: path)
        let flow = try run(blocks: 15, store: store, seed: 0x5707_0002)
        store.close()
        let again = try LevelDBStore(path: path)
        defer { again.close() }
        let chain = ChainStore(store: again, suite: ChainFixture.suite)
        let reopened = try chain.open(config: flow.f.config)
        expectSameState(flow.f.state, reopened)
        let block = try #require(try chain.block(at: 15))
        #expect(block.header.hash(suite: ChainFixture.suite) == flow.f.state.tipHash)
        if let transaction = block.transactions.first {
            let location = try #require(try chain.location(ofTransaction: transaction.id(suite: ChainFixture.suite)))
            #expect(location.height == 15 && location.index == 0)
        }
    }

    @Test("the largest block the chain accepts can be stored: one value and one commit batch hold it")
    func largestBlockFitsTheStore() throws {
        // A block is stored as one value; were the store's limit below the block limit, a
        // block of large transactions would pass every check and then fail every node's commit.
        #expect(StorageLimits.valueBytesMax >= Block.maxEncodedBytes)
        #expect(StorageLimits.batchBytesMax >= Block.maxEncodedBytes * 2)
        let store = MemoryStore()
        var batch = try WriteBatch(bytesMax: StorageLimits.batchBytesMax)
        try batch.put([0x62, 1], [UInt8](repeating: 0xB1, count: Block.maxEncodedBytes))
        try store.write(batch, sync: true)
        #expect(try store.get([0x62, 1])?.count == Block.maxEncodedBytes)
    }

    @Test("a stored UTXO set that no longer matches its commitment is refused (storage_corrupt, 8202)")
    func corruptSet() throws {
        let store = MemoryStore()
        let flow = try run(blocks: 5, store: store, seed: 0x5707_0003)
        let victim = try #require(flow.f.state.utxos.sortedEntries().first)
        try store.delete([ChainStore<MemoryStore>.Prefix.utxo.rawValue] + victim.id.bytes)
        let error = #expect(throws: ChainError.self) { try ChainStore(store: store, suite: ChainFixture.suite).open(config: flow.f.config) }
        #expect(error?.code == 8202)
    }

    @Test("a data folder of another chain is refused")
    func otherChain() throws {
        let store = MemoryStore()
        _ = try run(blocks: 1, store: store, seed: 0x5707_0004)
        var other = ChainFixture(markets: [])
        other.clockMs = 0
        let error = #expect(throws: ChainError.self) { try ChainStore(store: store, suite: ChainFixture.suite).open(config: other.config) }
        #expect(error?.code == 8202)
    }
}
