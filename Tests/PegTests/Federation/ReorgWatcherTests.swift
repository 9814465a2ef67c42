import Crypto
import Ledger
import Logging
import MainChain
import Primitives
import Storage
import Testing

@testable import Peg

@Suite struct ReorgWatcherTests {
    let chain = TestMainChain()

    func watcher(k: UInt64, record: FederationRecord = FederationRecord(store: MemoryStore())) throws -> ReorgWatcher {
        try ReorgWatcher(parameters: chain.parameters, suite: TestMainChain.suite, confirmationsRequired: k, record: record)
    }

    @Test func followsTheMainChainsBestHeaders() throws {
        for _ in 0..<5 { chain.mine() }
        let watcher = try watcher(k: 3)
        let client = AnsweringMainChainClient(chain: chain)
        #expect(try watcher.sync(client: client).count == 5)
        #expect(watcher.tree.best.hash == chain.bestHash && watcher.tree.bestHeight == 5)
        #expect(try watcher.sync(client: client).isEmpty)
        chain.mine()
        #expect(try watcher.sync(client: client) == [.extended(tip: chain.bestHash)])
        #expect(watcher.confirmations(of: try #require(chain.bestHash(atHeight: 4))) == 3)
    }

    @Test func aReorgShallowerThanKChangesNothing() throws {
        for _ in 0..<4 { chain.mine() }
        let watcher = try watcher(k: 3)
        let client = AnsweringMainChainClient(chain: chain)
        try watcher.sync(client: client)
        // Two blocks replaced by three: a reorg of depth 2 < K.
        let fork = try #require(chain.bestHash(atHeight: 2))
        let a = chain.mine(on: fork, salt: 1)
        let b = chain.mine(on: a.hash(suite: TestMainChain.suite), salt: 1)
        let c = chain.mine(on: b.hash(suite: TestMainChain.suite), salt: 1)
        chain.setBest(tip: c.hash(suite: TestMainChain.suite))
        let changes = try watcher.sync(client: client)
        #expect(changes.contains { if case .reorganized(let disconnected, _) = $0 { disconnected.count == 2 } else { false } })
        #expect(!watcher.isHalted && watcher.tree.best.hash == chain.bestHash)
    }

    @Test func aReorgOfKOrMoreHaltsAndTheHaltSurvivesARestart() throws {
        for _ in 0..<6 { chain.mine() }
        let record = FederationRecord(store: MemoryStore())
        let watcher = try watcher(k: 3, record: record)
        let client = AnsweringMainChainClient(chain: chain)
        try watcher.sync(client: client)
        // Three blocks replaced by four: depth 3 = K.
        var tip = try #require(chain.bestHash(atHeight: 3))
        for _ in 0..<4 { tip = chain.mine(on: tip, salt: 2).hash(suite: TestMainChain.suite) }
        chain.setBest(tip: tip)
        try watcher.sync(client: client)
        guard case .halted(let reason) = watcher.status else {
            Issue.record("a reorg of K blocks halts the member")
            return
        }
        #expect(reason.contains("disconnected 3 blocks"))
        #expect(throws: FederationError.halted(reason: reason)) { try watcher.sync(client: client) }
        let restarted = try self.watcher(k: 3, record: record)
        #expect(restarted.status == .halted(reason: reason))
    }

    @Test func aRestartedWatcherKeepsItsHeadersAndSeesAReorgThatHappenedWhileDown() throws {
        for _ in 0..<6 { chain.mine() }
        let store = MemoryStore()
        let client = AnsweringMainChainClient(chain: chain)
        try watcher(k: 3, record: FederationRecord(store: store)).sync(client: client)
        #expect(try FederationRecord(store: store).headerCount() == 6)
        // While the member is down, four blocks replace the last three.
        var tip = try #require(chain.bestHash(atHeight: 3))
        for _ in 0..<4 { tip = chain.mine(on: tip, salt: 3).hash(suite: TestMainChain.suite) }
        chain.setBest(tip: tip)
        let restarted = try watcher(k: 3, record: FederationRecord(store: store))
        #expect(restarted.tree.bestHeight == 6 && !restarted.isHalted)
        try restarted.sync(client: client)
        #expect(restarted.isHalted)
    }

    @Test func anotherMainChainIsAConfigurationError() throws {
        chain.mine()
        let watcher = try ReorgWatcher(
            parameters: chain.parameters, suite: TestMainChain.suite, confirmationsRequired: 1,
            record: FederationRecord(store: MemoryStore()))
        // A watcher whose parameters name another genesis.
        let foreign = try ReorgWatcher(
            parameters: MainChainParameters(
                genesisHeader: TestMainChain.mine(
                    MainChainHeader(
                        height: 0, previousHash: .zero, transactionRoot: TestMainChain.suite.hash(.outputID, [1]), timestampMs: 5,
                        targetBits: TestMainChain.easyBits, nonce: 0)), powLimitBits: TestMainChain.easyBits, blockIntervalMs: 1_000,
                retargetIntervalBlocks: 4_032),
            suite: TestMainChain.suite, confirmationsRequired: 1, record: FederationRecord(store: MemoryStore()))
        try watcher.sync(client: AnsweringMainChainClient(chain: chain))
        do {
            try foreign.sync(client: AnsweringMainChainClient(chain: chain))
            Issue.record("a watcher of another main chain cannot follow this one")
        } catch {
            #expect(error.code == 11111)
        }
    }

    @Test func refusesAZeroK() {
        #expect(throws: FederationError.self) { try watcher(k: 0) }
    }
}
