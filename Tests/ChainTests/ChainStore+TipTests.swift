@testable import Chain
@testable import ChainFixtures
import Primitives
import Storage
import Testing

@Suite("ChainStore tip: the stored chain ID and tip read without loading the chain; half a tip is corrupt")
struct ChainStoreTipTests {
    @Test("an empty store has no tip; after open and 5 blocks the tip is the state's height, hash, commitment and header, and the stored UTXO set is the state's")
    func storedTip() throws {
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        #expect(try chain.storedTip() == nil)
        var flow = RandomFlow(seed: 0x7195_0001)
        flow.f.state = try chain.open(config: flow.f.config)
        #expect(try chain.storedTip()?.height == 0)
        #expect(try chain.storedTip()?.hash == flow.f.config.chainID)
        for _ in 0..<5 {
            let inputs = try flow.nextBlock()
            let (block, outcome) = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
            try chain.commit(block, outcome: outcome)
        }
        let tip = try #require(try chain.storedTip())
        #expect(tip.chainID == flow.f.config.chainID)
        #expect((tip.height, tip.hash, tip.commitment, tip.header) == (5, flow.f.state.tipHash, flow.f.state.commitment, flow.f.state.tip))
        #expect(try chain.storedUTXOs().sortedEntries().map(\.id) == flow.f.state.utxos.sortedEntries().map(\.id))
    }

    @Test("a chain ID without a tip record, or a tip without a chain ID, is storage_corrupt")
    func halfATip() throws {
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        let flow = RandomFlow(seed: 0x7195_0002)
        _ = try chain.open(config: flow.f.config)
        let tipBytes = try #require(try store.get([0x6D]))
        try store.delete([0x6D])
        #expect(throws: ChainError.storageCorrupt(reason: "a chain ID without a tip record")) { try chain.storedTip() }
        try store.put([0x6D], tipBytes)
        try store.delete([0x67])
        #expect(throws: ChainError.storageCorrupt(reason: "a tip record without a chain ID")) { try chain.storedTip() }
    }
}
