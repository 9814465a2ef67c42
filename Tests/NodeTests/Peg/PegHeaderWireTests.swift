import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import MainChain
import Pool
import Primitives
import Storage
import Testing

@testable import Node

/// Anyone may submit main-chain headers (issue 14): through a validator's order-entry
/// gateway they join the block thread's candidates and reach the sidechain's header tree,
/// with no main-chain RPC configured. No timed assertion: every wait is bounded polling.
@Suite struct PegHeaderWireTests {
    static let waitMs = 10_000

    /// Headers mined on the easiest target, one after another from `parent`.
    static func mine(from parent: MainChainHeader, count: Int, bits: UInt32? = nil, suite: any CryptoSuite) -> [MainChainHeader] {
        var headers: [MainChainHeader] = []
        var previous = parent
        for _ in 0..<count {
            var nonce: UInt64 = 0
            while true {
                let header = MainChainHeader(
                    height: previous.height + 1, previousHash: previous.hash(suite: suite), transactionRoot: .zero,
                    timestampMs: previous.timestampMs + 1_000, targetBits: bits ?? previous.targetBits, nonce: nonce)
                if UInt256(bigEndian: header.hash(suite: suite)) <= CompactTarget.target(ofBits: header.targetBits)! {
                    headers.append(header)
                    previous = header
                    break
                }
                nonce += 1
            }
        }
        return headers
    }

    @Test func afterABlockTheCandidatesKeepWhatTheTreeCanStillTakeAndDropTheRest() throws {
        let main = try PegHeaderRelayTests.mainGenesis()
        let suite = PegHeaderRelayTests.suite
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let headers = MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 4).map(\.header)
        var tree = HeaderTree(parameters: main.parameters, suite: suite)
        var pool = MainChainHeaderCandidates()
        // A branch whose root names an unknown parent, and a header on genesis with the wrong
        // target bits (a bad retarget): each shows its own work, neither can ever join.
        let orphanRoot = MainChainHeader(
            height: 1, previousHash: try Hash256(bytes: [UInt8](repeating: 0xEE, count: 32)), transactionRoot: .zero, timestampMs: 1,
            targetBits: main.powLimitBits, nonce: 0)
        let orphans = Self.mine(from: orphanRoot, count: 2, suite: suite)
        let badRetarget = Self.mine(from: main.parameters.genesisHeader, count: 1, bits: 0x1f7f_ffff, suite: suite)
        #expect(pool.add(headers + orphans + badRetarget, tree: tree) == 7)

        // A block takes header 1: headers 2 … 4 wait on it (2 on the tree, 3 and 4 on waiting
        // parents) and stay; the orphans and the bad retarget go.
        try tree.accept(headers[0])
        pool.committed(tree: tree)
        #expect(pool.ordered() == Array(headers[1...]))
        // With nothing taken, what still connects stays too.
        pool.committed(tree: tree)
        #expect(pool.ordered() == Array(headers[1...]))
        for header in headers[1...] { try tree.accept(header) }
        pool.committed(tree: tree)
        #expect(pool.count == 0)
    }

    @Test func headersSubmittedToAValidatorsGatewayReachTheSidechainsHeaderTreeAndJunkLeavesTheCandidates() throws {
        let main = try PegHeaderRelayTests.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let headers = MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 10).map(\.header)
        #expect(mainNode.best.height == 10)

        let devnet = try TestDevnet()
        let loaded = try devnet.settings()
        let settings = try NodeSettings(
            directory: loaded.directory, configuration: loaded.configuration,
            chain: try PegHeaderRelayTests.pegConfig(loaded.chain, main: main), validatorKey: loaded.validatorKey)
        let node = try Node.start(
            settings, makePool: { config, _ throws(ChainError) in try Mempool(config: config) }, logger: LogRecorder().logger)
        defer {
            node.stop()
            node.waitUntilStopped()
        }
        let gateway = try OrderEntryClient(endpoint: try #require(node.gatewayEndpoint))
        defer { gateway.close() }
        let intake = try IntakeClient(endpoint: node.intakeEndpoint)
        defer { intake.close() }

        // Parents first, in two submissions; then a branch whose root has no known parent:
        // each header shows its own work, so the gateway queues it, and the candidates drop
        // it once a block shows the tree can never take it.
        for (index, part) in [Array(headers[..<5]), Array(headers[5...])].enumerated() {
            let answer = try gateway.send(.submitHeaders(part, clientOrderID: "h\(index)"), timeoutMs: Self.waitMs)
            #expect(answer.ack == Lodestone_V1_Ack(), "\(answer)")
        }
        let orphanRoot = MainChainHeader(
            height: 3, previousHash: try Hash256(bytes: [UInt8](repeating: 0xEE, count: 32)), transactionRoot: .zero, timestampMs: 1,
            targetBits: main.powLimitBits,
            nonce: 0)
        let orphans = Self.mine(from: orphanRoot, count: 3, suite: SchnorrSecp256k1Suite())
        let answer = try gateway.send(.submitHeaders(orphans, clientOrderID: "junk"), timeoutMs: Self.waitMs)
        #expect(answer.ack == Lodestone_V1_Ack(), "\(answer)")

        var status = try intake.status(timeoutMs: Self.waitMs)
        for _ in 0..<2_000 where status.peg?.headerHeight != 10 || status.peg?.candidatesPending != 0 {
            Thread.sleep(forTimeInterval: 0.01)
            status = try intake.status(timeoutMs: Self.waitMs)
        }
        #expect(status.peg?.headerHeight == 10 && status.peg?.headerHash == mainNode.best.hash.description)
        #expect(status.peg?.candidatesPending == 0 && status.peg?.candidatesRefused == 0)
        #expect(node.gatewayCounters?.current.headerSubmissions == 3)
    }

    @Test func headersSubmittedToAFollowersGatewayAreForwardedToTheValidatorAndReachEveryHeaderTree() throws {
        let main = try PegHeaderRelayTests.mainGenesis()
        let mainNode = try MainChainNode(genesis: main, store: MemoryStore())
        let headers = MainChainMiner(node: mainNode, settings: MinerSettings()).mine(blocks: 6).map(\.header)
        let peg = try #require(try PegHeaderRelayTests.pegConfig(try TestDevnet().settings().chain, main: main).genesis.peg)
        let cluster = try TestCluster(validators: 1, follower: true, peg: GenesisFile.PegEntry(peg))
        let follower = try #require(cluster.follower)
        var nodes = try cluster.validators.map { try cluster.start($0) }
        defer { ConsensusNodeTests.stopAll(nodes) }
        let followerNode = try cluster.start(follower)
        nodes.append(followerNode)
        _ = try ConsensusNodeTests.status(followerNode) { $0.height >= 2 }

        let gateway = try OrderEntryClient(endpoint: try #require(followerNode.gatewayEndpoint))
        defer { gateway.close() }
        let answer = try gateway.send(.submitHeaders(headers, clientOrderID: "via-follower"), timeoutMs: Self.waitMs)
        #expect(answer.ack == Lodestone_V1_Ack(), "\(answer)")
        for node in nodes {
            let status = try ConsensusNodeTests.status(node) { $0.peg?.headerHeight == 6 }
            #expect(status.peg?.headerHeight == 6 && status.peg?.headerHash == mainNode.best.hash.description)
        }
    }
}
