import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

/// The holder index's entries as docs/MAINCHAIN.md lays them out, recomputed from the UTXO
/// state independently of `HolderIndex`: `i` ‖ u16 BE length ‖ holder program ‖ output ID.
private func expectedIndex(_ entries: [Hash256: MainChainOutputRecord]) -> Set<[UInt8]> {
    Set(
        entries.map { id, record in
            var holder = record.output.program
            if case .federationDeposit(let deposit) = holder {
                holder = .multisig(threshold: deposit.federation.threshold, keys: deposit.federation.keys)
            }
            let bytes = holder.canonicalBytes
            return [UInt8(ascii: "i"), UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes + id.bytes
        })
}

/// The holder index entries in `store`.
private func storedIndex(_ store: MemoryStore) throws -> Set<[UInt8]> {
    Set(try store.scan(prefix: [UInt8(ascii: "i")], limit: 100_000).map(\.key))
}

/// Every page of `program`'s holdings, read with `limit`.
private func allPages(_ core: MainChainCore, _ program: ControlProgram, limit: Int) throws -> [[HeldOutput]] {
    var pages: [[HeldOutput]] = []
    var after: Hash256? = nil
    while true {
        let page = try core.outputs(heldBy: program, after: after, limit: limit)
        pages.append(page.outputs)
        guard let next = page.nextAfter else { return pages }
        after = next
    }
}

@Suite("Main-chain holder index: one entry per unspent output by holder, in the UTXO batches, through reorgs, recovery and upgrade")
struct HolderIndexTests {
    let fixture: MainChainFixture
    let federation: FederationKeys

    init() throws {
        let fixture = try MainChainFixture()
        self.fixture = fixture
        let members = try (1...3).map { try fixture.suite.signingKey(secret: [UInt8](repeating: UInt8(0xC0 + $0), count: 32)) }
        federation = FederationKeys(threshold: 2, keys: members.map(\.publicKey))
    }

    /// A deposit of all of genesis output `index` (Alice's BTC) to the federation.
    func deposit(_ index: Int, units: UInt64) throws -> Transaction {
        let terms = FederationDeposit(
            federation: federation, destination: ControlProgram.payToKey(fixture.bob.publicKey).canonicalBytes,
            refund: .payToKey(fixture.alice.publicKey))
        let unsigned = Transaction(
            inputs: [Input(spending: fixture.genesisOutput(index), witness: .feePayout)],
            outputs: [
                Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(units - 1_000), program: .federationDeposit(terms)),
                Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(1_000), program: federation.multisigProgram),
            ], fee: .zero)
        return try unsigned.withWitnesses(chainID: fixture.genesis.chainID, suite: fixture.suite) { _, sighash in
            .signature(try fixture.suite.signDeterministically(sighash, with: fixture.alice))
        }
    }

    @Test(
        "connecting: genesis outputs listed by owner, a spend moves the entry, a deposit and federation change list together under the multisig"
    )
    func connect() throws {
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let alice = ControlProgram.payToKey(fixture.alice.publicKey)
        let bob = ControlProgram.payToKey(fixture.bob.publicKey)
        #expect(
            Set(try core.outputs(heldBy: alice, after: nil, limit: 500).outputs.map(\.outputID)) == [
                fixture.genesisOutput(0), fixture.genesisOutput(2),
            ])
        #expect(try core.outputs(heldBy: bob, after: nil, limit: 500).outputs.map(\.outputID) == [fixture.genesisOutput(1)])
        #expect(try storedIndex(store) == expectedIndex(core.state.entries))

        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        let deposit = try deposit(2, units: 300_000_000)
        _ = try core.submitBlock(fixture.block(on: core.headers.best, in: core.headers, transactions: [spend, deposit]))
        #expect(try core.outputs(heldBy: alice, after: nil, limit: 500).outputs.isEmpty)
        let bobs = try core.outputs(heldBy: bob, after: nil, limit: 500)
        #expect(
            Set(bobs.outputs.map(\.outputID)) == [
                fixture.genesisOutput(1),
                Transaction.outputID(transactionID: spend.id(suite: fixture.suite), index: 0, suite: fixture.suite),
            ])
        #expect(bobs.outputs.allSatisfy { try! core.output($0.outputID) == $0.record } && !bobs.more)
        let held = try core.outputs(heldBy: federation.multisigProgram, after: nil, limit: 500).outputs
        #expect(held.count == 2 && held.map(\.record.output.amount.units).reduce(0, +) == 300_000_000)
        // Asking with the deposit program itself lists the federation's holdings too.
        #expect(try core.outputs(heldBy: deposit.outputs[0].program, after: nil, limit: 500).outputs == held)
        #expect(try storedIndex(store) == expectedIndex(core.state.entries))
    }

    @Test("pages: output-ID order, `more` until the last, no repeats; a limit outside 1...500 is main_page_limit_invalid (9531)")
    func paging() throws {
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        // Alice's 10 BTC in 7 outputs to Bob.
        let outputs = (0..<7).map {
            Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(100 + UInt64($0)), program: .payToKey(fixture.bob.publicKey))
        }
        let split = try Transaction(
            inputs: [Input(spending: fixture.genesisOutput(0), witness: .feePayout)],
            outputs: outputs + [
                Output(
                    asset: fixture.btc.id(suite: fixture.suite), amount: Amount(1_000_000_000 - 721),
                    program: .payToKey(fixture.alice.publicKey))
            ]
        ).withWitnesses(chainID: fixture.genesis.chainID, suite: fixture.suite) { _, sighash in
            .signature(try fixture.suite.signDeterministically(sighash, with: fixture.alice))
        }
        _ = try core.submitBlock(fixture.block(on: core.headers.best, in: core.headers, transactions: [split]))
        let bob = ControlProgram.payToKey(fixture.bob.publicKey)
        let pages = try allPages(core, bob, limit: 3)
        #expect(pages.map(\.count) == [3, 3, 2], "7 outputs and the genesis USDT")
        let ids = pages.flatMap { $0.map(\.outputID) }
        #expect(ids == ids.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) } && Set(ids).count == 8)
        #expect(try core.outputs(heldBy: bob, after: ids[7], limit: 3) == MainChainOutputPage(outputs: [], more: false))
        #expect(try core.outputs(heldBy: bob, after: nil, limit: 8).more == false)
        #expect(try core.outputs(heldBy: bob, after: nil, limit: 7).more == true)
        for limit in [0, 501] {
            #expect(throws: MainChainError.pageLimitInvalid(limit: limit, max: 500)) {
                try core.outputs(heldBy: bob, after: nil, limit: limit)
            }
        }
        #expect(MainChainError.pageLimitInvalid(limit: 0, max: 500).code == 9531)
    }

    @Test(
        "an output created and spent in one block: gone after connecting, after reopening, and after a reorganization disconnects the block"
    )
    func createdAndSpentInOneBlock() throws {
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let genesisEntry = core.headers.best
        let toBob = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        let middle = Transaction.outputID(transactionID: toBob.id(suite: fixture.suite), index: 0, suite: fixture.suite)
        let back = try fixture.transfer(middle, of: 1_000_000_000, asset: fixture.btc, from: fixture.bob, to: fixture.alice.publicKey)
        let a1 = fixture.block(on: genesisEntry, in: core.headers, transactions: [toBob, back])
        _ = try core.submitBlock(a1)
        #expect(core.state.entries[middle] == nil)
        #expect(throws: MainChainError.outputSpent(middle)) { try core.output(middle) }
        let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(reopened.state.entries == core.state.entries && reopened.state.entries[middle] == nil)
        #expect(try storedIndex(store) == expectedIndex(core.state.entries))

        // A heavier branch without a1: the middle output is unknown again, genesis 0 unspent.
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        _ = try core.submitBlock(b1)
        let b2 = fixture.block(on: try #require(core.headers.entry(b1.hash(suite: fixture.suite))), in: core.headers)
        guard case .reorganized = try core.submitBlock(b2) else {
            Issue.record("expected a reorg")
            return
        }
        #expect(core.state.entries[middle] == nil)
        #expect(throws: MainChainError.outputUnknown(middle)) { try core.output(middle) }
        #expect(try core.output(fixture.genesisOutput(0)).height == 0)
        let again = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(again.state.entries == core.state.entries)
        #expect(try storedIndex(store) == expectedIndex(core.state.entries))
    }

    @Test(
        "a reorganization moves the index with the UTXO set: the disconnected deposit leaves the federation's page, the spent output comes back"
    )
    func reorganization() throws {
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let genesisEntry = core.headers.best
        _ = try core.submitBlock(fixture.block(on: genesisEntry, in: core.headers, transactions: [try deposit(0, units: 1_000_000_000)]))
        #expect(try core.outputs(heldBy: federation.multisigProgram, after: nil, limit: 500).outputs.count == 2)
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        _ = try core.submitBlock(b1)
        _ = try core.submitBlock(fixture.block(on: try #require(core.headers.entry(b1.hash(suite: fixture.suite))), in: core.headers))
        #expect(try core.outputs(heldBy: federation.multisigProgram, after: nil, limit: 500).outputs.isEmpty)
        #expect(try core.outputs(heldBy: .payToKey(fixture.alice.publicKey), after: nil, limit: 500).outputs.count == 2)
        #expect(try storedIndex(store) == expectedIndex(core.state.entries))
    }

    @Test("recovery: a store left mid-reorganization is finished on open with its index; a store without an index gets one built")
    func recoveryAndUpgrade() throws {
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let genesisEntry = core.headers.best
        _ = try core.submitBlock(fixture.block(on: genesisEntry, in: core.headers, transactions: [try deposit(0, units: 1_000_000_000)]))
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        _ = try core.submitBlock(b1)
        let b2 = fixture.block(on: try #require(core.headers.entry(b1.hash(suite: fixture.suite))), in: core.headers)
        // Only b2 and its arrival record reached the store (as RecoveryTests.finishInterruptedReorg).
        let hash = b2.hash(suite: fixture.suite)
        var batch = WriteBatch()
        try batch.put([UInt8(ascii: "b")] + hash.bytes, b2.canonicalBytes)
        try batch.put([UInt8(ascii: "a")] + [0, 0, 0, 0, 0, 0, 0, 3], hash.bytes)
        try store.write(batch, sync: true)
        let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(reopened.tipHash == hash)
        #expect(try reopened.outputs(heldBy: federation.multisigProgram, after: nil, limit: 500).outputs.isEmpty)
        #expect(try storedIndex(store) == expectedIndex(reopened.state.entries))

        // A store from before the index: no `i` entries, no version record.
        var strip = WriteBatch()
        for key in try storedIndex(store) { try strip.delete(key) }
        try strip.delete(Array("mholders".utf8))
        try store.write(strip, sync: true)
        #expect(try storedIndex(store).isEmpty)
        let upgraded = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(try storedIndex(store) == expectedIndex(upgraded.state.entries) && !upgraded.state.entries.isEmpty)
        #expect(try store.get(Array("mholders".utf8)) == [1])
    }

    @Test("seeded random blocks and reorgs: after every move the stored index equals the one recomputed from the UTXO set")
    func seededMoves() throws {
        var generator = SeededGenerator(seed: 23)
        let store = MemoryStore()
        var core = try MainChainCore(genesis: fixture.genesis, store: store)
        let keys = [fixture.alice, fixture.bob]
        for step in 0..<12 {
            // Spend a random unspent output of Alice or Bob to a random one of them, or fork.
            let owned = core.state.entries.filter { id, record in
                keys.contains { record.output.program == .payToKey($0.publicKey) }
            }.sorted { $0.key.bytes.lexicographicallyPrecedes($1.key.bytes) }
            var parent = core.headers.best
            if step % 4 == 3, let back = core.headers.entry(parent.header.previousHash) { parent = back }
            var transactions: [Transaction] = []
            if let (id, record) = owned.randomElement(using: &generator), parent.hash == core.headers.best.hash {
                let owner = keys.first { record.output.program == .payToKey($0.publicKey) }!
                let to = keys.randomElement(using: &generator)!.publicKey
                let asset = record.output.asset == fixture.btc.id(suite: fixture.suite) ? fixture.btc : fixture.usdt
                transactions.append(try fixture.transfer(id, of: record.output.amount.units, asset: asset, from: owner, to: to))
            }
            var block = fixture.block(
                on: parent, in: core.headers, transactions: transactions, timestampMs: parent.header.timestampMs + 100 + UInt64(step))
            _ = try core.submitBlock(block)
            if parent.hash != core.headers.best.hash, core.headers.best.hash != block.hash(suite: fixture.suite) {
                // The fork is a side branch: extend it to make it heavier (a reorganization).
                block = fixture.block(on: try #require(core.headers.entry(block.hash(suite: fixture.suite))), in: core.headers)
                _ = try core.submitBlock(block)
            }
            #expect(try storedIndex(store) == expectedIndex(core.state.entries), "step \(step)")
        }
        let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
        #expect(reopened.state.entries == core.state.entries)
    }
}

/// SplitMix64: a seeded generator, so the random moves repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
