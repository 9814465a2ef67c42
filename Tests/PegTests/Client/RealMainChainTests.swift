import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Primitives
import Storage
import Testing
import ZeroMQ

@testable import Peg

/// The devnet adapter against a real in-process main chain: `MainChainNode` behind its
/// `MainChainServer` (ROUTER + PUB), blocks mined by `MainChainMiner` (ports 9521–9529).
@Suite struct RealMainChainTests {
    @Test func theAdapterTalksToARealMainChainNode() throws {
        let suite: any CryptoSuite = SchnorrSecp256k1Suite()
        let alice = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        let bob = try suite.signingKey(secret: [UInt8](repeating: 0xB0, count: 32))
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let genesis = MainChainGenesis(
            chainName: "peg-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc],
            allocations: [.init(asset: btc, amount: Amount(1_000_000), program: .payToKey(alice.publicKey))])
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        let context = try ZMQContext()
        let server = try MainChainServer(node: node, context: context, rpc: "tcp://127.0.0.1:9521", pub: "tcp://127.0.0.1:9522")
        server.start()
        defer { server.stopAndClose() }
        let notifications = try MainChainBlockNotifications(endpoint: "tcp://127.0.0.1:9522")
        let client = try DevnetMainChainClient(endpoint: "tcp://127.0.0.1:9521", suite: suite, timeoutMs: 2_000)

        #expect(try client.best().height == 0)
        let genesisOutput = Transaction.outputID(transactionID: genesis.issuance.id(suite: suite), index: 0, suite: suite)
        #expect(try client.output(id: genesisOutput).output.amount == Amount(1_000_000))
        let transfer = try Transaction(
            inputs: [Input(spending: genesisOutput, witness: .feePayout)],
            outputs: [Output(asset: btc.id(suite: suite), amount: Amount(1_000_000), program: .payToKey(bob.publicKey))]
        ).withWitnesses(chainID: genesis.chainID, suite: suite) { _, sighash in
            .signature(try suite.signDeterministically(sighash, with: alice))
        }
        #expect(try client.submit(transaction: transfer) == transfer.id(suite: suite))
        // A second spend of the same output is the node's refusal, with its code, not retried.
        do {
            _ = try client.submit(transaction: transfer)
            Issue.record("a duplicate is refused")
        } catch {
            guard case .remote = error else { throw error }
        }
        // Subscribed before mining, so the notice of block 1 can arrive (PUB may still drop it).
        Thread.sleep(forTimeInterval: 0.2)
        let miner = MainChainMiner(node: node, settings: MinerSettings())
        let mined = miner.mine(blocks: 2)
        #expect(mined.count == 2)
        let tip = try client.best()
        #expect(tip.height == 2 && tip.hash == mined[1].hash(suite: suite))
        #expect(try client.headers(fromHeight: 0, countMax: 10).map(\.height) == [0, 1, 2])
        #expect(try client.block(atHeight: 1).transactions.contains(transfer))
        #expect(try client.block(hash: tip.hash) == mined[1])
        let bobOutput = Transaction.outputID(transactionID: transfer.id(suite: suite), index: 0, suite: suite)
        #expect(try client.output(id: bobOutput).height == 1)
        do {
            _ = try client.output(id: genesisOutput)
            Issue.record("a spent output is not found")
        } catch {
            guard case .notFound = error else { throw error }
        }
        var heights: [UInt64] = []
        while let notice = try notifications.next(timeoutMs: 500) { heights.append(notice.height) }
        #expect(heights.last == 2)

        // The watcher follows the real chain's headers.
        let watcher = try ReorgWatcher(
            parameters: genesis.parameters, suite: suite, confirmationsRequired: 2, record: FederationRecord(store: MemoryStore()))
        try watcher.sync(client: client)
        #expect(watcher.tree.best.hash == tip.hash)
    }
}
