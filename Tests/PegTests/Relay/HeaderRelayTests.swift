import Chain
import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@testable import Peg

/// A `MainChainClient` answering from a `MainChainNode` in the same process (its `answer`,
/// the RPC server's code path without the socket): the relay's rounds run against a real
/// main chain, mined by `MainChainMiner`, with no port and no timing.
final class InProcessMainChainClient: MainChainClient, @unchecked Sendable {
    let node: MainChainNode
    /// Requests answered (what a round cost).
    private(set) var requests = 0

    init(node: MainChainNode) { self.node = node }

    private func ask(_ body: MainChainRequest.Body) throws(MainChainClientError) -> MainChainResponse.Result {
        requests += 1
        let result = node.answer(MainChainRequest(requestID: UInt64(requests), body: body)).result
        if case .error(let code, let message) = result { throw .remote(code: code, message: message) }
        return result
    }

    func best() throws(MainChainClientError) -> MainChainTip {
        guard case .best(let height, let hash, let work) = try ask(.best) else { throw .garbage(detail: "best") }
        return MainChainTip(height: height, hash: hash, chainWork: work)
    }

    func headers(fromHeight: UInt64, countMax: Int) throws(MainChainClientError) -> [MainChainHeader] {
        guard case .headers(let headers) = try ask(.headerRange(fromHeight: fromHeight, countMax: UInt32(countMax))) else {
            throw .garbage(detail: "headers")
        }
        return headers
    }

    func block(atHeight height: UInt64) throws(MainChainClientError) -> MainChainBlock {
        guard case .block(let block, _) = try ask(.blockByHeight(height)) else { throw .garbage(detail: "block") }
        return block
    }

    func block(hash: Hash256) throws(MainChainClientError) -> MainChainBlock {
        guard case .block(let block, _) = try ask(.blockByHash(hash)) else { throw .garbage(detail: "block") }
        return block
    }

    func output(id: Hash256) throws(MainChainClientError) -> MainChainOutputRecord {
        throw .notFound(what: "outputs are not part of the relay")
    }

    func submit(transaction: Transaction) throws(MainChainClientError) -> Hash256 {
        throw .notFound(what: "submits are not part of the relay")
    }

    func outputs(heldBy program: ControlProgram, after: Hash256?, limit: Int) throws(MainChainClientError) -> MainChainOutputPage {
        throw .notFound(what: "holdings are not part of the relay")
    }
}

/// `HeaderRelay` against a real in-process main chain: it catches a sidechain tree up from
/// genesis in bounded rounds, follows a reorganization shallower than K onto the new branch,
/// and stops fetching once it is `aheadMax` past a sidechain that does not take its headers.
@Suite struct HeaderRelayTests {
    static let suite: any CryptoSuite = SchnorrSecp256k1Suite()
    static let btc = AssetDefinition(symbol: "BTC", decimals: 8)

    static func genesis() throws -> MainChainGenesis {
        let holder = try suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        return MainChainGenesis(
            chainName: "relay-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc],
            allocations: [.init(asset: btc, amount: Amount(1_000_000), program: .payToKey(holder.publicKey))])
    }

    /// Runs rounds, accepting every header into `tree` as a block would, until a round
    /// brings nothing (bounded); returns each round's header count.
    static func catchUp(_ relay: HeaderRelay, _ tree: inout HeaderTree, roundsMax: Int = 100) throws -> [Int] {
        var counts: [Int] = []
        for _ in 0..<roundsMax {
            let headers = try relay.round(view: HeaderTreeView(tree: tree))
            if headers.isEmpty { return counts }
            counts.append(headers.count)
            for header in headers { try tree.accept(header) }
        }
        Issue.record("no catch-up within \(roundsMax) rounds")
        return counts
    }

    @Test func catchesUpFromGenesisInBoundedRounds() throws {
        let genesis = try Self.genesis()
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        #expect(MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 30).count == 30)
        let client = InProcessMainChainClient(node: node)
        let relay = HeaderRelay(client: client, suite: Self.suite, headersPerRoundMax: 8)
        var tree = HeaderTree(parameters: genesis.parameters, suite: Self.suite)

        // 30 headers at most 8 a round: 8, 8, 8, 6, then an empty round at the tip.
        #expect(try Self.catchUp(relay, &tree) == [8, 8, 8, 6])
        #expect(tree.best.hash == node.best.hash && tree.bestHeight == 30)
        // Level with the main chain, a round costs one request (its tip).
        let before = client.requests
        #expect(try relay.round(view: HeaderTreeView(tree: tree)).isEmpty)
        #expect(client.requests == before + 1)
    }

    @Test func followsAReorgShallowerThanKOntoTheNewBranch() throws {
        let genesis = try Self.genesis()
        let nodeA = try MainChainNode(genesis: genesis, store: MemoryStore())
        let minedA = MainChainMiner(node: nodeA, settings: MinerSettings()).mine(blocks: 20)
        #expect(minedA.count == 20)
        let relay = HeaderRelay(client: InProcessMainChainClient(node: nodeA), suite: Self.suite, headersPerRoundMax: 64)
        var tree = HeaderTree(parameters: genesis.parameters, suite: Self.suite)
        _ = try Self.catchUp(relay, &tree)
        #expect(tree.best.hash == nodeA.best.hash)
        let formerTip = tree.best.hash

        // Node B shares A's first 17 blocks, then mines 6 of its own: more work than A's last 3.
        let nodeB = try MainChainNode(genesis: genesis, store: MemoryStore())
        for block in minedA.prefix(17) { try nodeB.submitBlock(block) }
        let minedB = MainChainMiner(node: nodeB, settings: MinerSettings()).mine(blocks: 6)
        #expect(minedB.count == 6 && minedB[0].header.height == 18)
        for block in minedB { try nodeA.submitBlock(block) }
        #expect(nodeA.best.hash == nodeB.best.hash && nodeA.best.height == 23)

        // The relay finds the fork point through the tree's locator and sends the new branch:
        // the tree reorganizes (3 headers disconnected, fewer than a K of 6, say).
        let headers = try relay.round(view: HeaderTreeView(tree: tree))
        #expect(headers.map(\.height) == Array(18...23))
        var changes: [HeaderTree.Change] = []
        for header in headers { changes.append(try tree.accept(header)) }
        guard
            case .reorganized(let disconnected, let connected)? = changes.first(where: { if case .reorganized = $0 { true } else { false } }
            )
        else {
            Issue.record("the tree switched branch: \(changes)")
            return
        }
        #expect(disconnected.count == 3 && disconnected[0] == formerTip)
        // The switch happens at the first header whose branch outweighs A's; the rest extend it.
        #expect(connected.first == minedB[0].hash(suite: Self.suite))
        #expect(tree.best.hash == nodeA.best.hash)
        #expect(tree.bestHash(atHeight: 18) == minedB[0].hash(suite: Self.suite))
        #expect(try relay.round(view: HeaderTreeView(tree: tree)).isEmpty)
    }

    @Test func stopsOfferingPastTheBound() throws {
        let genesis = try Self.genesis()
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        #expect(MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 30).count == 30)
        let relay = HeaderRelay(client: InProcessMainChainClient(node: node), suite: Self.suite, headersPerRoundMax: 8, aheadMax: 12)
        // A sidechain that never commits the headers: its view stays at genesis.
        let tree = HeaderTree(parameters: genesis.parameters, suite: Self.suite)
        let view = HeaderTreeView(tree: tree)
        // Each round goes on above what it handed over, up to 12 past the sidechain's best.
        #expect(try relay.round(view: view).map(\.height) == Array(1...8))
        #expect(try relay.round(view: view).map(\.height) == Array(9...12))
        #expect(try relay.round(view: view).isEmpty)
        #expect(try relay.round(view: view).isEmpty)
        #expect(relay.offered?.height == 12)
        // A receiver that refused some of them makes the relay start again at the shared point.
        relay.forgetOffered()
        #expect(try relay.round(view: view).map(\.height) == Array(1...8))
    }

    @Test func aLocatorNamesTheTipDenselyThenDoublesDownToGenesis() throws {
        let genesis = try Self.genesis()
        let node = try MainChainNode(genesis: genesis, store: MemoryStore())
        _ = MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 40)
        var tree = HeaderTree(parameters: genesis.parameters, suite: Self.suite)
        _ = try Self.catchUp(HeaderRelay(client: InProcessMainChainClient(node: node), suite: Self.suite), &tree)
        let view = HeaderTreeView(tree: tree)
        #expect(view.bestHeight == 40 && view.best.hash == tree.best.hash)
        #expect(view.locator.map(\.height) == [40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 29, 25, 17, 1, 0])
        for point in view.locator { #expect(tree.bestHash(atHeight: point.height) == point.hash) }
    }

    @Test func aMainChainWithAnotherGenesisSharesNoHeader() throws {
        let genesis = try Self.genesis()
        let other = MainChainGenesis(
            chainName: "another", timestampMs: genesis.timestampMs, powLimitBits: genesis.powLimitBits, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: Self.btc, assets: [Self.btc], allocations: genesis.allocations)
        let node = try MainChainNode(genesis: other, store: MemoryStore())
        _ = MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 2)
        let relay = HeaderRelay(client: InProcessMainChainClient(node: node), suite: Self.suite)
        let tree = HeaderTree(parameters: genesis.parameters, suite: Self.suite)
        #expect(throws: HeaderRelayError.noSharedHeader(locatorPoints: 1)) { try relay.round(view: HeaderTreeView(tree: tree)) }
        #expect(HeaderRelayError.noSharedHeader(locatorPoints: 1).code == 11202)
    }
}
