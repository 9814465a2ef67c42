import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@Suite("Main chain: genesis issuance, blocks, most-work reorgs with undo, invalid blocks, mempool, restart")
struct MainChainCoreTests {
    @Test("the main-chain ID is the genesis header's hash, and every allocation is an unspent output of the genesis block")
    func genesisIssuance() throws {
        let fixture = try MainChainFixture()
        let core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        #expect(core.chainID == fixture.genesis.genesisHeader.hash(suite: fixture.suite))
        #expect(core.headers.best.hash == core.chainID)
        #expect(core.state.count == 3)
        let entry = try core.output(fixture.genesisOutput(1))
        #expect(entry.output.asset == fixture.usdt.id(suite: fixture.suite))
        #expect(entry.output.amount == Amount(5_000_000_000))
        #expect(entry.blockHash == core.chainID && entry.height == 0)
        #expect(try core.block(height: 0) == fixture.genesis.genesisBlock)
    }

    @Test("a genesis with another name is another chain: another ID")
    func nameIsCommitted() throws {
        let fixture = try MainChainFixture()
        let other = MainChainGenesis(
            chainName: "other", timestampMs: fixture.genesis.timestampMs, powLimitBits: fixture.genesis.powLimitBits,
            blockIntervalMs: 100, retargetIntervalBlocks: 10, nativeAsset: fixture.btc, assets: fixture.genesis.assets,
            allocations: fixture.genesis.allocations)
        #expect(other.chainID != fixture.genesis.chainID)
    }

    @Test("the genesis file round-trips through JSON, and a bad field is named")
    func genesisFile() throws {
        let fixture = try MainChainFixture()
        let file = MainChainGenesisFile(fixture.genesis)
        #expect(try MainChainGenesisFile.decode(file.json).genesis() == fixture.genesis)
        var bad = file
        bad.allocations[1].asset = "ETH"
        #expect(throws: MainChainError.genesisInvalid(field: "allocations[1].asset", reason: "ETH is not listed in assets")) {
            try bad.genesis()
        }
        bad = file
        bad.powLimitBits = "zz"
        #expect((try? bad.genesis()) == nil)
        let missing = Data("{\"chain_name\": \"x\"}".utf8)
        #expect(throws: MainChainError.genesisInvalid(field: "timestamp_ms", reason: "missing")) {
            try MainChainGenesisFile.decode(missing)
        }
    }

    @Test("a block spending an output moves it: spent, and the new one unspent at the block's height")
    func connectBlock() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey, fee: 1_000)
        let block = fixture.block(on: core.headers.best, in: core.headers, transactions: [spend])
        let outcome = try core.submitBlock(block)
        #expect(outcome == .extended(tip: block.hash(suite: fixture.suite)))
        #expect(throws: MainChainError.outputSpent(fixture.genesisOutput(0))) { try core.output(fixture.genesisOutput(0)) }
        let created = Transaction.outputID(transactionID: spend.id(suite: fixture.suite), index: 0, suite: fixture.suite)
        #expect(try core.output(created).height == 1)
        #expect(throws: MainChainError.outputUnknown(Hash256.zero)) { try core.output(.zero) }
    }

    @Test(
        "most work wins: a heavier branch disconnects the lighter one, its spent output is unspent again, its created output gone, its transaction back in the mempool"
    )
    func reorganization() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let genesisEntry = core.headers.best
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        let created = Transaction.outputID(transactionID: spend.id(suite: fixture.suite), index: 0, suite: fixture.suite)
        let a1 = fixture.block(on: genesisEntry, in: core.headers, transactions: [spend])
        #expect(try core.submitBlock(a1) == .extended(tip: a1.hash(suite: fixture.suite)))
        // Branch B from genesis: one block ties (side branch), two win.
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 7)
        #expect(try core.submitBlock(b1) == .sideBranch)
        #expect(core.tipHash == a1.hash(suite: fixture.suite))
        let b1Entry = try #require(core.headers.entry(b1.hash(suite: fixture.suite)))
        let b2 = fixture.block(on: b1Entry, in: core.headers)
        let outcome = try core.submitBlock(b2)
        #expect(
            outcome
                == .reorganized(
                    disconnected: [a1.hash(suite: fixture.suite)],
                    connected: [b1.hash(suite: fixture.suite), b2.hash(suite: fixture.suite)]))
        #expect(core.tipHash == b2.hash(suite: fixture.suite) && core.headers.bestHeight == 2)
        #expect(try core.output(fixture.genesisOutput(0)).height == 0)
        #expect(throws: MainChainError.outputUnknown(created)) { try core.output(created) }
        #expect(core.mempool.contains(spend.id(suite: fixture.suite)))
        #expect(try core.block(height: 1) == b1)
        // And back: branch A grows heavier again with the pooled spend mined on it.
        let a1Entry = try #require(core.headers.entry(a1.hash(suite: fixture.suite)))
        let a2 = fixture.block(on: a1Entry, in: core.headers)
        #expect(try core.submitBlock(a2) == .sideBranch)
        let a2Entry = try #require(core.headers.entry(a2.hash(suite: fixture.suite)))
        let a3 = fixture.block(on: a2Entry, in: core.headers)
        guard case .reorganized(let disconnected, _) = try core.submitBlock(a3) else {
            Issue.record("expected a reorg")
            return
        }
        #expect(disconnected == [b2.hash(suite: fixture.suite), b1.hash(suite: fixture.suite)])
        #expect(try core.output(created).blockHash == a1.hash(suite: fixture.suite))
        #expect(!core.mempool.contains(spend.id(suite: fixture.suite)), "mined again on A: out of the pool")
    }

    @Test("a block with an invalid transaction is refused and its header never joins the tree, on the tip or as a heavier branch")
    func invalidBlockRefused() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let genesisEntry = core.headers.best
        // Bob signs for Alice's output: the signature is not the key's.
        let forged = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.bob, to: fixture.bob.publicKey)
        let bad = fixture.block(on: genesisEntry, in: core.headers, transactions: [forged])
        #expect {
            try core.submitBlock(bad)
        } throws: { error in
            guard case MainChainError.transactionRefused(index: 0, _) = error else { return false }
            return true
        }
        #expect(core.headers.count == 1 && core.headers.entry(bad.hash(suite: fixture.suite)) == nil)
        // A heavier branch whose new block is invalid is refused too: the tip stays.
        let a1 = fixture.block(on: genesisEntry, in: core.headers)
        _ = try core.submitBlock(a1)
        let b1 = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 3)
        #expect(try core.submitBlock(b1) == .sideBranch)
        let b1Entry = try #require(core.headers.entry(b1.hash(suite: fixture.suite)))
        let b2 = fixture.block(on: b1Entry, in: core.headers, transactions: [forged])
        #expect(throws: MainChainError.self) { try core.submitBlock(b2) }
        #expect(core.tipHash == a1.hash(suite: fixture.suite))
        #expect(core.headers.entry(b2.hash(suite: fixture.suite)) == nil)
        // A wrong transaction root and a bad proof of work are refused with their codes.
        let wrongRoot = MainChainBlock(header: a1.header, transactions: [forged])
        #expect(throws: MainChainError.self) { try core.submitBlock(wrongRoot) }
        let program = MainChainBlock(
            header: fixture.block(on: core.headers.best, in: core.headers).header, transactions: [])
        let hard = MainChainHeader(
            height: program.header.height, previousHash: program.header.previousHash, transactionRoot: program.header.transactionRoot,
            timestampMs: program.header.timestampMs, targetBits: 0x1d00_ffff, nonce: 0)
        #expect {
            try core.submitBlock(MainChainBlock(header: hard, transactions: []))
        } throws: { error in (error as? MainChainError)?.cause?.code == 3105 }
    }

    @Test("only payout programs: an order output is refused with its code")
    func mainChainRules() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore())
        let unsigned = Transaction(
            inputs: [Input(spending: fixture.genesisOutput(0), witness: .feePayout)],
            outputs: [Output(asset: fixture.btc.id(suite: fixture.suite), amount: Amount(1_000_000_000), program: .feePool)])
        #expect(throws: MainChainError.programNotAllowed(output: 0, program: "feePool")) { try core.submitTransaction(unsigned) }
        #expect(MainChainError.programNotAllowed(output: 0, program: "").code == 9508)
    }

    @Test("the mempool refuses duplicates, conflicts and overflow with their codes, and a mined block takes its transactions")
    func mempool() throws {
        let fixture = try MainChainFixture()
        var core = try MainChainCore(genesis: fixture.genesis, store: MemoryStore(), mempool: Mempool(transactionsMax: 2))
        let first = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        let id = try core.submitTransaction(first)
        #expect(throws: MainChainError.mempoolDuplicate(id)) { try core.submitTransaction(first) }
        let conflict = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.alice.publicKey)
        #expect(throws: MainChainError.mempoolConflict(outputID: fixture.genesisOutput(0))) { try core.submitTransaction(conflict) }
        _ = try core.submitTransaction(
            fixture.transfer(
                fixture.genesisOutput(1), of: 5_000_000_000, asset: fixture.usdt, from: fixture.bob, to: fixture.alice.publicKey))
        let third = try fixture.transfer(
            fixture.genesisOutput(2), of: 300_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        #expect(throws: MainChainError.mempoolFull(limit: 2)) { try core.submitTransaction(third) }
        let template = core.template(nowMs: 0, transactionsMax: 10)
        #expect(template.transactions.count == 2)
        let block = fixture.block(on: core.headers.best, in: core.headers, transactions: template.transactions)
        _ = try core.submitBlock(block)
        #expect(core.mempool.count == 0)
    }

    @Test("restart from LevelDB: the same tip, headers and unspent outputs")
    func restartFromLevelDB() throws {
        let fixture = try MainChainFixture()
        try withTemporaryDirectory { folder in
            let path = folder + "/chain"
            let spend = try fixture.transfer(
                fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey, fee: 10)
            let (tip, unspent, count): (Hash256, [Hash256: MainChainOutputRecord], Int)
            do {
                let store = try LevelDBStore(path: path)
                defer { store.close() }
                var core = try MainChainCore(genesis: fixture.genesis, store: store)
                let genesisEntry = core.headers.best
                _ = try core.submitBlock(fixture.block(on: genesisEntry, in: core.headers, transactions: [spend]))
                let side = fixture.block(on: genesisEntry, in: core.headers, timestampMs: genesisEntry.header.timestampMs + 5)
                #expect(try core.submitBlock(side) == .sideBranch)
                for _ in 0..<3 { _ = try core.submitBlock(fixture.block(on: core.headers.best, in: core.headers)) }
                (tip, unspent, count) = (core.tipHash, core.state.entries, core.headers.count)
            }
            let store = try LevelDBStore(path: path)
            defer { store.close() }
            let reopened = try MainChainCore(genesis: fixture.genesis, store: store)
            #expect(reopened.tipHash == tip && reopened.headers.best.hash == tip)
            #expect(reopened.headers.bestHeight == 4 && reopened.headers.count == count)
            #expect(reopened.state.entries == unspent)
            #expect(throws: MainChainError.outputSpent(fixture.genesisOutput(0))) { try reopened.output(fixture.genesisOutput(0)) }
            // Another genesis refuses this store.
            let other = try MainChainFixture(blockIntervalMs: 200)
            #expect(throws: MainChainError.storeOtherChain(stored: fixture.genesis.chainID, expected: other.genesis.chainID)) {
                _ = try MainChainCore(genesis: other.genesis, store: store)
            }
        }
    }
}
