import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@Suite("Main-chain store recovery: a reopened store after a reorganization, and one left mid-reorganization")
struct RecoveryTests {
    @Test("reopening after a reorganization gives the same tip, unspent outputs and spent marks")
    func reopenAfterReorg() throws {
        let fixture = try MainChainFixture()
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let genesisEntry = core.headers.best
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        _ = try core.submitBlock(fixture.block(on: genesisEntry, in: core.headers, transactions: [spend]))
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        _ = try core.submitBlock(b1)
        let b2 = fixture.block(on: try #require(core.headers.entry(b1.hash(suite: fixture.suite))), in: core.headers)
        guard case .reorganized = try core.submitBlock(b2) else {
            Issue.record("expected a reorg")
            return
        }
        let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(reopened.tipHash == core.tipHash && reopened.state.entries == core.state.entries)
        #expect(try reopened.output(fixture.genesisOutput(0)).height == 0, "unspent again, and no stale spent mark wins")
    }

    @Test(
        "a store whose UTXO tip is behind its heaviest stored branch (a crash between a reorganization's batches) finishes the move on open"
    )
    func finishInterruptedReorg() throws {
        let fixture = try MainChainFixture()
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let genesisEntry = core.headers.best
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        let a1 = fixture.block(on: genesisEntry, in: core.headers, transactions: [spend])
        _ = try core.submitBlock(a1)
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        _ = try core.submitBlock(b1)
        let b2 = fixture.block(on: try #require(core.headers.entry(b1.hash(suite: fixture.suite))), in: core.headers)
        // Only the new block and its arrival record reached the store (the layout of
        // docs/MAINCHAIN.md: `b` ‖ hash, `a` ‖ arrival u64 big-endian); no move was written.
        let hash = b2.hash(suite: fixture.suite)
        var batch = WriteBatch()
        try batch.put([UInt8(ascii: "b")] + hash.bytes, b2.canonicalBytes)
        try batch.put([UInt8(ascii: "a")] + [0, 0, 0, 0, 0, 0, 0, 3], hash.bytes)
        try store.write(batch, sync: true)
        let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(reopened.tipHash == hash && reopened.headers.best.hash == hash)
        #expect(try reopened.output(fixture.genesisOutput(0)).height == 0)
        #expect(try reopened.block(height: 1) == b1)
        let again = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(again.tipHash == hash && again.state.entries == reopened.state.entries)
    }
}
