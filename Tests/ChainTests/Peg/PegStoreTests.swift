import Crypto
import Ledger
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Peg: the store keeps the peg state with each block and reloads it equal")
struct PegStoreTests {
    func expectSamePeg(_ a: PegState?, _ b: PegState?) {
        guard let a, let b else {
            Issue.record("both states have a peg")
            return
        }
        #expect(a.headers.entriesInArrivalOrder().map(\.hash) == b.headers.entriesInArrivalOrder().map(\.hash))
        #expect(a.headers.best.hash == b.headers.best.hash)
        #expect(a.headers.bestHeight == b.headers.bestHeight)
        #expect(a.headersAccepted == b.headersAccepted)
        #expect(a.minted == b.minted)
        #expect(a.mintedCommitment == b.mintedCommitment)
        #expect(a.supply == b.supply)
        #expect(a.halted == b.halted)
        #expect(a.digestBytes() == b.digestBytes())
    }

    @Test("headers (side branches and a reorganization included), mints, burns and a halt survive a restart; the next block agrees")
    func restartEquality() throws {
        let store = MemoryStore()
        var fixture = try PegFixture()
        let chainStore = ChainStore(store: store, suite: PegFixture.suite)
        fixture.state = try chainStore.open(config: fixture.config)
        expectSamePeg(fixture.state.peg, try chainStore.open(config: fixture.config).peg)

        func commit(_ result: (Block, BlockOutcome)) throws { try chainStore.commit(result.0, outcome: result.1) }
        let scenario = DepositScenario(fixture, count: 5)
        try commit(try fixture.block(headers: scenario.headers, [scenario.mint(fixture)]))
        let address = ControlProgram.payToKey(fixture.chain.bob.publicKey).canonicalBytes
        let burn = fixture.pay(fixture.chain.bob, fixture.btc, 12_000, to: .crossChainOut(mainChainAddress: address))
        // A side branch that does not overtake, then one that does by fewer than K.
        let side = PegFixture.extend(scenario.headers[2], count: 2, salt: 5)
        let overtaking = PegFixture.extend(scenario.headers[3], count: 2, salt: 9)
        try commit(try fixture.block(headers: side + overtaking, [burn]))
        var reopened = try chainStore.open(config: fixture.config)
        expectSamePeg(fixture.state.peg, reopened.peg)
        #expect(reopened.stateCommitment == fixture.state.stateCommitment)
        #expect(reopened.stateCommitment == fixture.state.tip?.stateCommitment)

        // A deep reorganization halts; the halt survives too.
        let deep = PegFixture.extend(fixture.mainGenesis, count: 7, salt: 21)
        try commit(try fixture.block(headers: deep))
        #expect(fixture.peg.halted != nil)
        reopened = try chainStore.open(config: fixture.config)
        expectSamePeg(fixture.state.peg, reopened.peg)
        #expect(reopened.stateCommitment == fixture.state.tip?.stateCommitment)

        // The federation's work list: the burn, by height.
        let burns = try chainStore.burns(from: 0, limit: 10)
        #expect(burns.count == 1)
        #expect(burns.first?.height == 2)
        #expect(burns.first?.burn.amount == Amount(12_000))
        #expect(try chainStore.burns(from: 3, limit: 10).isEmpty)

        // The reopened state executes the next block as the running one does.
        let more = PegFixture.extend(deep[6], count: 2)
        let original = try BlockExecutor.execute(
            state: fixture.state, mode: .build, timestampMs: 1 << 40, transactions: [], cancels: [], mainChainHeaders: more)
        let restored = try BlockExecutor.execute(
            state: reopened, mode: .build, timestampMs: 1 << 40, transactions: [], cancels: [], mainChainHeaders: more)
        #expect(original.mainChainHeaders == restored.mainChainHeaders)
        expectSamePeg(original.peg, restored.peg)
    }

    @Test("a stored peg state that does not match the tip's commitment is refused")
    func corruptPegRefused() throws {
        let store = MemoryStore()
        var fixture = try PegFixture()
        let chainStore = ChainStore(store: store, suite: PegFixture.suite)
        fixture.state = try chainStore.open(config: fixture.config)
        let scenario = DepositScenario(fixture)
        let result = try fixture.block(headers: scenario.headers, [scenario.mint(fixture)])
        try chainStore.commit(result.0, outcome: result.1)
        // Forget the mint: the reloaded minted set no longer gives the committed state.
        try store.delete(ChainStore<MemoryStore>.key(.pegMinted, fixture.depositID(scenario.deposit).bytes))
        #expect(throws: ChainError.self) { try chainStore.open(config: fixture.config) }
    }
}
