import Crypto
import Foundation
import Ledger
import Primitives
import Storage
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("CoinIndex: a key's unspent outputs in the chain store, kept in each block's batch, rebuilt on open")
struct CoinIndexTests {
    /// What the index must list for `key`: every unspent output it can spend, by asset then ID,
    /// computed from the UTXO set alone.
    static func expected(_ state: ChainState, _ key: PublicKey, asset: AssetID? = nil) -> [Coin] {
        state.utxos.sortedEntries()
            .filter { CoinIndex.spenders(of: $0.entry.output.program).contains(key) && (asset == nil || $0.entry.output.asset == asset) }
            .map { Coin(outputID: $0.id, asset: $0.entry.output.asset, amount: $0.entry.output.amount, orderID: $0.entry.order?.orderID) }
            .sorted { ($0.asset, $0.outputID) < ($1.asset, $1.outputID) }
    }

    /// Every coin of `key`, read page by page; each page must be full except the last.
    static func walk(_ reader: CoinReader<some KeyValueStore>, _ key: PublicKey, asset: AssetID? = nil, limit: Int) throws -> [Coin] {
        var coins: [Coin] = []
        var after: CoinCursor? = nil
        for _ in 0..<10_000 {
            let page = try reader.coins(of: key, asset: asset, after: after, limit: limit)
            coins += page.coins
            guard let next = page.next else { return coins }
            #expect(page.coins.count == limit, "only the last page is short")
            #expect(next == CoinCursor(asset: page.coins[limit - 1].asset, outputID: page.coins[limit - 1].outputID))
            after = next
        }
        Issue.record("the walk did not end")
        return coins
    }

    /// The stored index, byte for byte: every `k` entry and the marker.
    static func rawIndex(_ store: MemoryStore) throws -> [KeyValueEntry] {
        try store.scan(prefix: [ChainStore<MemoryStore>.Prefix.coin.rawValue])
            + store.scan(prefix: [ChainStore<MemoryStore>.Prefix.coinMarker.rawValue])
    }

    static func keys(_ f: ChainFixture) -> [PublicKey] { [f.alice, f.bob, f.carol, f.validator, f.feeKey].map(\.publicKey) }

    @Test("genesis outputs are indexed: each key lists exactly its coins at height 0; a key holding nothing gets an empty last page")
    func genesis() throws {
        var f = ChainFixture()
        let store = MemoryStore()
        f.state = try ChainStore(store: store, suite: ChainFixture.suite).open(config: f.config)
        let reader = CoinReader(store: store, pending: nil)
        for key in Self.keys(f) {
            #expect(try Self.walk(reader, key, limit: 500) == Self.expected(f.state, key))
        }
        #expect(!Self.expected(f.state, f.alice.publicKey).isEmpty)
        let nobody = ChainFixture.key(0x77).publicKey
        let empty = try reader.coins(of: nobody, asset: nil, after: nil, limit: 10)
        #expect(empty.coins.isEmpty && empty.next == nil && empty.height == 0)
    }

    @Test("a multisig output is listed under each member, an order under its seller key with its order ID; spending removes them")
    func spenders() throws {
        var f = ChainFixture()
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        f.state = try chain.open(config: f.config)
        let reader = CoinReader(store: store, pending: nil)
        let funding = f.coins(f.alice, f.usdt)[0]
        let shared = ControlProgram.multisig(threshold: 1, keys: [f.alice.publicKey, f.carol.publicKey])
        let payment = f.sign(
            Transaction(
                inputs: [Input(spending: funding.id, witness: .signature(ChainFixture.placeholder))],
                outputs: [
                    Output(asset: f.usdt, amount: Amount(1_000), program: shared),
                    Output(asset: f.usdt, amount: Amount(funding.amount.units - 1_000), program: .payToKey(f.alice.publicKey)),
                ]), with: f.alice)
        let place = f.order(f.bob, .sell, price: 40_000_000_000, size: 10_000)
        let (block, outcome) = try f.block([payment, place])
        try chain.commit(block, outcome: outcome)
        let sharedID = Transaction.outputID(transactionID: payment.id(suite: ChainFixture.suite), index: 0, suite: ChainFixture.suite)
        for member in [f.alice, f.carol] {
            let coins = try Self.walk(reader, member.publicKey, asset: f.usdt, limit: 3)
            #expect(coins.contains(Coin(outputID: sharedID, asset: f.usdt, amount: Amount(1_000), orderID: nil)))
            #expect(!coins.contains { $0.outputID == funding.id }, "the spent coin is gone")
        }
        #expect(try !Self.walk(reader, f.bob.publicKey, limit: 500).contains { $0.outputID == sharedID })
        let orderID = f.orderID(of: place)
        let bobsBTC = try Self.walk(reader, f.bob.publicKey, asset: f.btc, limit: 500)
        #expect(bobsBTC.contains(Coin(outputID: orderID, asset: f.btc, amount: Amount(10_000), orderID: orderID)))
        for key in Self.keys(f) { #expect(try Self.walk(reader, key, limit: 500) == Self.expected(f.state, key)) }

        // The order is cancelled by request: its output leaves bob's list, the returned coin enters it.
        let cancel = try CancelRequest.signed(orderID: orderID, chainID: f.config.chainID, key: f.bob, suite: ChainFixture.suite)
        let (next, nextOutcome) = try f.block(cancels: [cancel])
        try chain.commit(next, outcome: nextOutcome)
        #expect(try !Self.walk(reader, f.bob.publicKey, limit: 500).contains { $0.orderID != nil })
        for key in Self.keys(f) { #expect(try Self.walk(reader, key, limit: 500) == Self.expected(f.state, key)) }
        #expect(try reader.coins(of: f.bob.publicKey, asset: nil, after: nil, limit: 1).height == 2)
    }

    @Test(
        "differential: over 60 seeded random blocks the index kept block by block lists what the UTXO set says, and a rebuild writes the same bytes"
    )
    func incrementalEqualsRebuild() throws {
        let store = MemoryStore()
        var flow = RandomFlow(seed: 0xC017_0001)
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        flow.f.state = try chain.open(config: flow.f.config)
        let reader = CoinReader(store: store, pending: nil)
        for height in 1...60 {
            let inputs = try flow.nextBlock()
            let (block, outcome) = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
            try chain.commit(block, outcome: outcome)
            // Walks in small pages (7) so the cursor crosses assets and orders.
            for key in Self.keys(flow.f) where height % 6 == 0 || key == flow.f.alice.publicKey {
                #expect(try Self.walk(reader, key, limit: 7) == Self.expected(flow.f.state, key), "height \(height)")
                #expect(try Self.walk(reader, key, asset: flow.f.btc, limit: 7) == Self.expected(flow.f.state, key, asset: flow.f.btc))
            }
        }
        #expect(try !chain.ensureCoinIndex(flow.f.state), "an index that names the tip is kept")
        let incremental = try Self.rawIndex(store)
        #expect(incremental.count > 60)

        // A data folder from before the index: no entries, no marker. Opening rebuilds it.
        var batch = WriteBatch()
        for entry in incremental { try batch.delete(entry.key) }
        try store.write(batch, sync: true)
        let reopened = try ChainStore(store: store, suite: ChainFixture.suite).open(config: flow.f.config)
        #expect(reopened.tipHash == flow.f.state.tipHash)
        #expect(try Self.rawIndex(store) == incremental)
    }

    @Test("an index whose marker names another block (or version) is rebuilt on open: stale entries go, missing ones come back")
    func staleMarkerRebuilds() throws {
        let store = MemoryStore()
        var flow = RandomFlow(seed: 0xC017_0002)
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        flow.f.state = try chain.open(config: flow.f.config)
        for _ in 0..<8 {
            let inputs = try flow.nextBlock()
            let (block, outcome) = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
            try chain.commit(block, outcome: outcome)
        }
        let good = try Self.rawIndex(store)
        let marker = try #require(try store.get(ChainStore<MemoryStore>.key(.coinMarker)))
        // One entry lost, one invented, and the marker a block behind.
        let bogus = CoinIndex.entryKey(
            flow.f.bob.publicKey, asset: flow.f.btc, outputID: try Hash256(bytes: [UInt8](repeating: 0xEE, count: 32)))
        var batch = WriteBatch()
        try batch.delete(good[0].key)
        try batch.put(bogus, [0, 0, 0, 0, 0, 0, 0, 1, 0])
        try batch.put(
            ChainStore<MemoryStore>.key(.coinMarker), ChainStore<MemoryStore>.coinMarker(height: 7, hash: flow.f.state.tipHash))
        try store.write(batch, sync: true)
        _ = try ChainStore(store: store, suite: ChainFixture.suite).open(config: flow.f.config)
        #expect(try Self.rawIndex(store) == good)
        #expect(try store.get(ChainStore<MemoryStore>.key(.coinMarker)) == marker)

        // Another layout version is rebuilt too.
        try store.put(ChainStore<MemoryStore>.key(.coinMarker), [CoinIndex.version + 1] + Array(marker.dropFirst()))
        try store.put(bogus, [0, 0, 0, 0, 0, 0, 0, 1, 0])
        _ = try ChainStore(store: store, suite: ChainFixture.suite).open(config: flow.f.config)
        #expect(try Self.rawIndex(store) == good)
    }

    @Test("a page starts just after its cursor, even when the cursor's coin is spent; the page and its height come from one snapshot")
    func cursorAfterSpentCoin() throws {
        var f = ChainFixture()
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        f.state = try chain.open(config: f.config)
        let reader = CoinReader(store: store, pending: nil)
        // Alice's BTC coins: spend the first, then ask for the page after it.
        let all = try Self.walk(reader, f.alice.publicKey, asset: f.btc, limit: 500)
        #expect(all.count >= 1)
        let first = try reader.coins(of: f.alice.publicKey, asset: nil, after: nil, limit: 500)
        let spent = try #require(all.first)
        let cursor = CoinCursor(asset: spent.asset, outputID: spent.outputID)
        #expect(first.coins.contains(spent))
        let place = f.order(f.alice, .sell, price: 40_000_000_000, size: 10_000, spending: (spent.outputID, spent.amount))
        let (block, outcome) = try f.block([place])
        try chain.commit(block, outcome: outcome)
        let second = try reader.coins(of: f.alice.publicKey, asset: nil, after: cursor, limit: 500)
        #expect(second.height == 1)
        #expect(!second.coins.contains(spent))
        #expect(
            second.coins == Self.expected(f.state, f.alice.publicKey).filter { ($0.asset, $0.outputID) > (cursor.asset, cursor.outputID) })
        #expect(second.next == nil)
    }

    @Test("the index survives close and reopen on LevelDB without a rebuild")
    func levelDB() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lodestone-coinindex-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var flow = RandomFlow(seed: 0xC017_0003)
        let store = try LevelDBStore(path: path)
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        flow.f.state = try chain.open(config: flow.f.config)
        for _ in 0..<10 {
            let inputs = try flow.nextBlock()
            let (block, outcome) = try flow.f.block(inputs.transactions, cancels: inputs.cancels)
            try chain.commit(block, outcome: outcome)
        }
        store.close()
        let again = try LevelDBStore(path: path)
        defer { again.close() }
        let reopened = ChainStore(store: again, suite: ChainFixture.suite)
        let state = try reopened.load(config: flow.f.config)
        #expect(try reopened.coinIndexIsCurrent(state))
        let reader = CoinReader(store: again, pending: nil)
        for key in Self.keys(flow.f) { #expect(try Self.walk(reader, key, limit: 50) == Self.expected(state, key)) }
    }

    @Test("holdings: free and in-order sums per asset from the index; nothing pending without a pool")
    func holdings() throws {
        var f = ChainFixture()
        let store = MemoryStore()
        let chain = ChainStore(store: store, suite: ChainFixture.suite)
        f.state = try chain.open(config: f.config)
        let place = f.order(f.bob, .sell, price: 40_000_000_000, size: 10_000)
        let (block, outcome) = try f.block([place])
        try chain.commit(block, outcome: outcome)
        let holdings = try #require(try CoinReader(store: store, pending: nil).holdings(of: f.bob.publicKey))
        #expect(holdings.height == 1)
        let btc = try #require(holdings.assets.first { $0.asset == f.btc })
        #expect(btc.inOrders == Amount(10_000))
        #expect(btc.free.units == f.balance(f.bob, f.btc))
        #expect(btc.pendingIn == .zero && btc.pendingOut == .zero)
        #expect(holdings.assets.map(\.asset) == holdings.assets.map(\.asset).sorted())
    }
}
