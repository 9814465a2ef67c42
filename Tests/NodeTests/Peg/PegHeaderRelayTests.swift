import Chain
import Crypto
import Foundation
import Ledger
import Logging
import MainChain
import Peg
import Pool
import Primitives
import Storage
import Testing
import ZeroMQ

@testable import Node

/// Main-chain headers reach the sidechain's blocks: a real in-process main chain (node, RPC
/// server, miner at the easiest target), the `lodestone-headers` loop talking to it through
/// the devnet adapter, and a single-validator `BlockProducer` whose genesis pegs that main
/// chain. No timed assertion: every wait is bounded polling.
@Suite struct PegHeaderRelayTests {
    static let suite: any CryptoSuite = SchnorrSecp256k1Suite()

    static func mainGenesis() throws -> MainChainGenesis {
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let holder = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        return MainChainGenesis(
            chainName: "relay-node-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc],
            allocations: [.init(asset: btc, amount: Amount(1_000_000), program: .payToKey(holder.publicKey))])
    }

    /// The devnet's chain with a peg section on `main`: BTC pegged, a 2-of-3 federation, K = 3.
    static func pegConfig(_ config: ChainConfig, main: MainChainGenesis) throws -> ChainConfig {
        let federation = FederationKeys(
            threshold: 2,
            keys: try (0x31...0x33).map { byte in
                try suite.signingKey(secret: [UInt8](repeating: UInt8(byte), count: 32)).publicKey
            })
        let peg = PegGenesis(
            mainChain: main.parameters, federation: federation, confirmationsRequired: 3,
            peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(1_000))])
        let genesis = config.genesis
        return try ChainConfig(
            genesis: Genesis(
                chainName: genesis.chainName, timestampMs: genesis.timestampMs, blockIntervalMs: genesis.blockIntervalMs,
                suite: genesis.suite, nativeAsset: genesis.nativeAsset, assets: genesis.assets, allocations: genesis.allocations,
                validators: genesis.validators, feeCollector: genesis.feeCollector, markets: genesis.markets,
                validatorNetworkKeys: genesis.validatorNetworkKeys, epochLengthBlocks: genesis.epochLengthBlocks,
                validatorsMax: genesis.validatorsMax, minSelfStake: genesis.minSelfStake, unlockDelayBlocks: genesis.unlockDelayBlocks,
                voterShareBps: genesis.voterShareBps, peg: peg))
    }

    @Test func headersFromALiveMainChainReachTheSidechainState() throws {
        let main = try Self.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let context = try ZMQContext()
        let rpc = try TestCluster.freeEndpoint()
        let pub = try TestCluster.freeEndpoint()
        let server = try MainChainServer(node: mainNode, context: context, rpc: rpc, pub: pub)
        server.start()
        defer { server.stopAndClose() }
        // The main chain mines on while the sidechain produces blocks.
        let miner = MainChainMiner(node: mainNode, settings: MinerSettings())
        let minerStop = StopFlag()
        let mined = DispatchSemaphore(value: 0)
        Thread {
            _ = miner.mine(blocks: 60, shouldStop: { minerStop.isSet })
            mined.signal()
        }.start()
        defer {
            minerStop.set()
            mined.wait()
        }

        let devnet = try TestDevnet()
        let settings = try devnet.settings()
        let config = try Self.pegConfig(settings.chain, main: main)
        var producer = try BlockProducer(
            store: MemoryStore(), config: config, validatorKey: settings.validatorKey,
            limits: BlockLimits(maxTransactions: 100, maxCancels: 100),
            makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: Logger(label: "test"))
        let feed = try #require(producer.headerFeed)
        let pegSuite = try #require(producer.state.peg).headers.suite
        let client = try DevnetMainChainClient(endpoint: rpc, suite: pegSuite, timeoutMs: 2_000)
        let loop = HeaderRelayLoop(
            relay: HeaderRelayBox(HeaderRelay(client: client, suite: pegSuite, headersPerRoundMax: 16)), feed: feed, intervalMs: 10,
            logger: Logger(label: "test.relay"))
        let relayStop = StopFlag()
        let relayed = DispatchSemaphore(value: 0)
        Thread {
            loop.run(until: relayStop)
            relayed.signal()
        }.start()
        defer {
            relayStop.set()
            relayed.wait()
        }

        // Blocks until the miner is done and the state's header chain is level with the main
        // chain's best (bounded: 60 headers at 16 a round need a handful of rounds).
        var timestampMs = TestDevnet.genesisTimestampMs
        var carried = 0
        for _ in 0..<2_000 {
            timestampMs += 100
            _ = try producer.produceBlock(timestampMs: timestampMs)
            carried += try #require(try producer.chainStore.block(at: producer.state.height)).mainChainHeaders.count
            if mined.wait(timeout: .now()) == .success {
                mined.signal()
                if producer.state.peg?.headers.best.hash == mainNode.best.hash { break }
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let peg = try #require(producer.state.peg)
        #expect(mainNode.best.height == 60)
        #expect(peg.headers.best.hash == mainNode.best.hash && peg.headers.bestHeight == 60)
        // Every header came in a block, once: the tree holds genesis and the 60 carried.
        #expect(carried == 60 && peg.headers.count == 61)
        // Nothing is left pending once the tree holds it all.
        #expect(feed.pending == 0)
        let status = producer.status
        #expect(status.peg?.headerHeight == 60 && status.peg?.headerHash == mainNode.best.hash.description)
        #expect(status.peg?.candidatesPending == 0 && status.peg?.halted == false && status.peg?.supply == ["BTC": 0])
        #expect(status.pegLine?.hasPrefix("peg main-chain header 60 ") == true)
    }

    @Test func aNodeWithMainChainRPCRelaysHeadersIntoItsBlocksAndShowsThemInItsStatus() throws {
        let main = try Self.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        #expect(MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 40).count == 40)
        let context = try ZMQContext()
        let rpc = try TestCluster.freeEndpoint()
        let server = try MainChainServer(node: mainNode, context: context, rpc: rpc, pub: try TestCluster.freeEndpoint())
        server.start()
        defer { server.stopAndClose() }

        let devnet = try TestDevnet()
        let loaded = try devnet.settings()
        var configuration = loaded.configuration
        configuration.mainChainRPC = rpc
        configuration.mainChainRelayIntervalMs = 20
        let settings = try NodeSettings(
            directory: loaded.directory, configuration: configuration, chain: try Self.pegConfig(loaded.chain, main: main),
            validatorKey: loaded.validatorKey)
        let log = LogRecorder()
        let node = try Node.start(settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: log.logger)
        defer {
            node.stop()
            node.waitUntilStopped()
        }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        // Bounded polling: the status JSON carries the peg view once a block holds the headers.
        var status = try client.status(timeoutMs: 10_000)
        for _ in 0..<2_000 where status.peg?.headerHeight != 40 {
            Thread.sleep(forTimeInterval: 0.01)
            status = try client.status(timeoutMs: 10_000)
        }
        #expect(status.peg?.headerHeight == 40 && status.peg?.headerHash == mainNode.best.hash.description)
        #expect(status.peg?.halted == false && status.peg?.mintedDeposits == 0)
        #expect(log.messages.contains { $0.hasPrefix("relaying main-chain headers from \(rpc)") })
    }

    @Test func aNodeWhoseMainChainDoesNotAnswerLogsTheCodeAndKeepsProducingBlocks() throws {
        let devnet = try TestDevnet()
        let loaded = try devnet.settings()
        var configuration = loaded.configuration
        // Nothing listens there: every request finds no connection (11002) after the client's retries.
        configuration.mainChainRPC = try TestCluster.freeEndpoint()
        configuration.mainChainRelayIntervalMs = 20
        let settings = try NodeSettings(
            directory: loaded.directory, configuration: configuration,
            chain: try Self.pegConfig(loaded.chain, main: try Self.mainGenesis()), validatorKey: loaded.validatorKey)
        let log = LogRecorder()
        let node = try Node.start(settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: log.logger)
        defer {
            node.stop()
            node.waitUntilStopped()
        }
        let client = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { client.close() }
        // Bounded polling (a round gives up after 3 attempts of 1 s).
        for _ in 0..<1_500 where !log.messages.contains(where: { $0.hasPrefix("main-chain relay round failed: 11201") }) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let failed = log.messages.first { $0.hasPrefix("main-chain relay round failed: 11201 relay_main_chain") }
        #expect(failed?.contains("11002 main_chain_disconnected") == true)
        let status = try client.status(timeoutMs: 10_000)
        #expect(status.height >= 2 && status.peg?.headerHeight == 0)
    }

    @Test func theCandidatePoolIsBoundedDeduplicatedAndOrderedByHeight() throws {
        let main = try Self.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let blocks = MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 6)
        let headers = blocks.map(\.header)
        var tree = HeaderTree(parameters: main.parameters, suite: Self.suite)
        var pool = MainChainHeaderCandidates(candidatesMax: 4)

        // Out of order, with a duplicate: kept once each, offered by height; the fifth and
        // sixth headers find the pool full and are counted.
        #expect(pool.add([headers[2], headers[0], headers[1], headers[0], headers[3]], tree: tree) == 4)
        #expect(pool.add([headers[4], headers[5]], tree: tree) == 0)
        #expect(pool.refused == 2 && pool.count == 4)
        #expect(pool.ordered().map(\.height) == [1, 2, 3, 4])

        // A block takes the first two: they leave the pool, the others stay, and room opens.
        try tree.accept(headers[0])
        try tree.accept(headers[1])
        pool.committed(tree: tree)
        #expect(pool.ordered().map(\.height) == [3, 4])
        // A header the tree already holds is not taken again.
        #expect(pool.add([headers[1], headers[4], headers[5]], tree: tree) == 2)
        #expect(pool.ordered().map(\.height) == [3, 4, 5, 6])
    }

    @Test func theFeedHandsOffWithoutWaitingAndCountsWhatAFullHandOffRefuses() throws {
        let main = try Self.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let headers = MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 5).map(\.header)
        var tree = HeaderTree(parameters: main.parameters, suite: Self.suite)
        let feed = MainChainHeaderFeed(tree: tree, candidatesMax: 8, handoffMax: 3)

        #expect(feed.hand(headers) == 2)
        #expect(feed.handoffRefusedCount == 2 && feed.pending == 3)
        #expect(feed.candidatesForBlock(tree: tree).map(\.height) == [1, 2, 3])
        for header in headers.prefix(3) { try tree.accept(header) }
        feed.committed(tree: tree)
        #expect(feed.pending == 0)
        #expect(feed.currentView.bestHeight == 3 && feed.currentView.best.hash == tree.best.hash)
    }
}
