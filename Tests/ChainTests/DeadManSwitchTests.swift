import Crypto
import Ledger
import Matching
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Dead-man switch: the chain returns a seller's resting orders at the armed height unless refreshed")
struct DeadManSwitchTests {
    @Test("it fires at exactly its height: orders rest before, return then; the entry leaves the table")
    func firesAtHeight() throws {
        var f = ChainFixture()
        let order = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let bobs = f.order(f.bob, .sell, price: 31_000_000_000, size: 1_000_000)
        try f.block([order, bobs])
        let btcBefore = f.balance(f.alice, f.btc)
        let (block, _) = try f.massBlock(deadManSwitches: [try f.deadMan(f.alice, at: 4)])
        #expect(block.deadManSwitches.count == 1)
        #expect(f.state.deadMen.trigger(of: .init(sellerKey: f.alice.publicKey, market: nil)) == 4)
        try f.block()
        #expect(f.rests(f.orderID(of: order)))

        let (_, outcome) = try f.block()
        #expect(outcome.height == 4)
        #expect(!f.rests(f.orderID(of: order)))
        #expect(f.rests(f.orderID(of: bobs)))
        #expect(f.balance(f.alice, f.btc) == btcBefore + 1_000_000)
        #expect(f.state.deadMen.isEmpty)
        #expect(f.state.stateCommitment == f.state.commitment.digest)
    }

    @Test("a refresh moves the trigger; a stale or replayed switch is refused, and one naming a past height after it fired")
    func refreshAndStale() throws {
        var f = ChainFixture()
        let order = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        try f.block([order])
        let first = try f.deadMan(f.alice, at: 5)
        try f.massBlock(deadManSwitches: [first])
        let refresh = try f.deadMan(f.alice, at: 7)
        try f.massBlock(deadManSwitches: [refresh])
        #expect(try f.refusal(deadManSwitches: [first]) == .deadManStale(trigger: 5, armed: 7))
        #expect(try f.refusal(deadManSwitches: [refresh]) == .deadManStale(trigger: 7, armed: 7))
        try f.block()
        try f.block()
        #expect(f.state.height == 5 && f.rests(f.orderID(of: order)))
        try f.block()
        #expect(f.rests(f.orderID(of: order)))
        try f.block()
        #expect(f.state.height == 7 && !f.rests(f.orderID(of: order)))
        #expect(
            try f.refusal(deadManSwitches: [refresh])
                == .deadManOutOfRange(trigger: 7, height: 8, horizonBlocks: DeadManSwitch.horizonBlocks))
        let far = try f.deadMan(f.alice, at: 9 + DeadManSwitch.horizonBlocks)
        #expect(
            try f.refusal(deadManSwitches: [far])
                == .deadManOutOfRange(trigger: far.triggerHeight, height: 8, horizonBlocks: DeadManSwitch.horizonBlocks))
        #expect(try f.refusal(deadManSwitches: [try f.deadMan(f.alice, at: 8 + DeadManSwitch.horizonBlocks)]) == nil)
    }

    @Test("bad signature, another chain and an unknown market are refused with their codes; a follower rejects a block carrying one")
    func badInput() throws {
        let f = ChainFixture()
        let forged = DeadManSwitch(
            sellerKey: f.alice.publicKey, market: nil, triggerHeight: 5, signature: try f.deadMan(f.bob, at: 5).signature)
        let otherChain = try DeadManSwitch.signed(
            market: nil, triggerHeight: 5, chainID: ChainFixture.hash(0x77), key: f.alice, suite: ChainFixture.suite)
        #expect(try f.refusal(deadManSwitches: [forged]) == .deadManBadSignature(sellerKey: f.alice.publicKey))
        #expect(try f.refusal(deadManSwitches: [otherChain]) == .deadManBadSignature(sellerKey: f.alice.publicKey))
        #expect(try f.refusal(deadManSwitches: [try f.deadMan(f.alice, market: 3, at: 5)]) == .scopeUnknownMarket(market: 3, count: 1))
        #expect(f.state.deadMen.isEmpty)

        let (proposed, _) = try f.state.proposeBlock(transactions: [], cancels: [], timestampMs: f.clockMs + 100, proposer: f.validator)
        let tampered = Block(
            header: proposed.header, transactions: [], cancels: [], deadManSwitches: [forged], settlements: proposed.settlements,
            signature: proposed.signature)
        #expect(throws: ChainError.deadManBadSignature(sellerKey: f.alice.publicKey)) { try f.state.verify(tampered) }
    }

    @Test("the table is bounded: a new key is refused when full, a refresh of an armed one still passes")
    func tableBound() throws {
        var f = ChainFixture()
        f.state.deadMen = DeadManTable(capacity: 1)
        try f.massBlock(deadManSwitches: [try f.deadMan(f.alice, at: 10)])
        #expect(try f.refusal(deadManSwitches: [try f.deadMan(f.bob, at: 10)]) == .deadManTableFull(limit: 1))
        try f.massBlock(deadManSwitches: [try f.deadMan(f.alice, at: 11)])
        #expect(f.state.deadMen.count == 1)
        #expect(DeadManTable().capacity == DeadManTable.entriesMax)
    }

    @Test("the table is in the state commitment, written with the block and reloaded; a tampered stored entry is refused")
    func survivesReload() throws {
        var f = ChainFixture()
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        f.state = try chain.open(config: f.config)
        let order = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        var (block, outcome) = try f.block([order])
        try chain.commit(block, outcome: outcome)
        (block, outcome) = try f.massBlock(deadManSwitches: [try f.deadMan(f.alice, at: 4), try f.deadMan(f.bob, market: 0, at: 9)])
        try chain.commit(block, outcome: outcome)
        #expect(block.header.stateCommitment != f.state.commitment.digest)

        var reopened = try chain.open(config: f.config)
        #expect(reopened.deadMen == f.state.deadMen)
        #expect(reopened.stateCommitment == block.header.stateCommitment)
        // The reopened node verifies the next blocks identically, the firing one included.
        for _ in 0..<2 {
            (block, outcome) = try f.block()
            try chain.commit(block, outcome: outcome)
            let verified = try reopened.verify(block)
            reopened.commit(verified, header: block.header)
        }
        #expect(!f.rests(f.orderID(of: order)))
        #expect(reopened.deadMen == f.state.deadMen && reopened.deadMen.count == 1)
        reopened = try chain.open(config: f.config)
        #expect(reopened.deadMen == f.state.deadMen && reopened.tipHash == f.state.tipHash)

        try store.put(
            ChainStore<MemoryStore>.key(.deadMan, DeadManTable.Scope(sellerKey: f.bob.publicKey, market: 0).canonicalBytes),
            [10, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: ChainError.self) { try chain.open(config: f.config) }
    }

    @Test("the signed message matches the vector in docs/PROTOCOL.md and verifies")
    func vector() throws {
        let suite = ChainFixture.suite
        let key = ChainFixture.key(0xA1)
        let chainID = ChainFixture.hash(0xC1)
        let message = DeadManSwitch.message(chainID: chainID, sellerKey: key.publicKey, market: nil, triggerHeight: 1_000, suite: suite)
        #expect(message.description == DeadManSwitchTests.vectorMessage)
        let signature = try suite.sign(message.bytes, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
        let deadMan = DeadManSwitch(sellerKey: key.publicKey, market: nil, triggerHeight: 1_000, signature: signature)
        #expect(deadMan.isSigned(chainID: chainID, suite: suite))
        #expect(Hex.encode(deadMan.canonicalBytes) == DeadManSwitchTests.vectorEncoding)
    }

    static let vectorMessage = "035647f230ada14fcff4e65f0f87cb464921d83ef9c9cf23045a4980a7d8f444"
    static let vectorEncoding =
        "20ab5d2e79cfd621b1b027ffb24e2453ed7fb571ba9a841ff0e2473466cabd168d00e803000000000000403b3756e115"
        + "cf270a8a5503caaad05838bbb0255772fd5d336486404d2f99f59ad68933dbd123cc20eeccfaa35b3dd00e8b70c55b6f"
        + "29c094afacce4d58860eb9"
}
