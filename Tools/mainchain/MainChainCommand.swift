import ArgumentParser
import Chain
import Crypto
import Dispatch
import Foundation
import Ledger
import Logging
import MainChain
import Node
import Primitives
import Storage
import ZeroMQ

/// `lodestone-mainchain`: the proof-of-work main chain the peg talks to, for devnets and tests.
@main
struct MainChainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-mainchain",
        abstract: "A proof-of-work main chain (devnet): UTXO ledger, miner, ZeroMQ RPC and block notifications (docs/MAINCHAIN.md).",
        subcommands: [InitCommand.self, RunCommand.self])
}

/// Where a main-chain directory keeps its files.
struct ChainDirectory {
    let path: String
    var genesisPath: String { path + "/genesis.json" }
    var storePath: String { path + "/chain" }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Creates a main-chain directory from a genesis file, or a devnet genesis with BTC and USDT issued to given keys.")

    @Option(help: "The directory to create (genesis.json and the chain store go in it).")
    var dir: String

    @Option(help: "A genesis file to copy in (docs/MAINCHAIN.md describes it).")
    var genesis: String?

    @Flag(help: "Write a devnet genesis instead: BTC (native, 8 decimals) and USDT (6 decimals) issued to every --key-file / --public-key.")
    var devnet = false

    @Option(name: .customLong("key-file"), help: "A lodestone key file whose public key receives devnet BTC and USDT (repeatable).")
    var keyFiles: [String] = []

    @Option(name: .customLong("public-key"), help: "A public key (hex) that receives devnet BTC and USDT (repeatable).")
    var publicKeys: [String] = []

    @Option(help: "Devnet: the block interval the difficulty aims at, in ms.")
    var blockIntervalMs: UInt64 = 1_000

    @Option(help: "Devnet: blocks per difficulty period.")
    var retargetIntervalBlocks: UInt64 = 20

    @Option(help: "Devnet: BTC issued to each key, in satoshis.")
    var btcEach: UInt64 = 100 * 100_000_000

    @Option(help: "Devnet: USDT issued to each key, in micro-USDT.")
    var usdtEach: UInt64 = 1_000_000 * 1_000_000

    func run() throws {
        let directory = ChainDirectory(path: dir)
        guard !FileManager.default.fileExists(atPath: directory.genesisPath) else {
            throw ValidationError("\(directory.genesisPath) exists; refusing to replace a chain's genesis")
        }
        let genesis: MainChainGenesis
        switch (self.genesis, devnet) {
        case (let path?, false): genesis = try MainChainGenesisFile.load(path: path)
        case (nil, true): genesis = try devnetGenesis()
        default: throw ValidationError("give either --genesis FILE or --devnet")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try MainChainGenesisFile(genesis).json.write(to: URL(fileURLWithPath: directory.genesisPath))
        let store = try LevelDBStore(path: directory.storePath)
        defer { store.close() }
        let core = try MainChainCore(genesis: genesis, store: store)
        print("main chain \(genesis.chainName) in \(dir)")
        print("  id (genesis hash) \(core.chainID)")
        print("  assets " + genesis.assets.map { "\($0.symbol) \($0.id(suite: genesis.suite))" }.joined(separator: ", "))
        print(
            "  \(genesis.allocations.count) allocations; block interval \(genesis.blockIntervalMs) ms, retarget every \(genesis.retargetIntervalBlocks)"
        )
    }

    private func devnetGenesis() throws -> MainChainGenesis {
        var keys: [PublicKey] = []
        for path in keyFiles { keys.append(try KeyFile.signingKey(at: path).publicKey) }
        for hex in publicKeys { keys.append(try PublicKey(bytes: Hex.decode(hex))) }
        guard !keys.isEmpty else { throw ValidationError("--devnet needs at least one --key-file or --public-key") }
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let usdt = AssetDefinition(symbol: "USDT", decimals: 6)
        let allocations = keys.flatMap { key in
            [
                MainChainGenesis.Allocation(asset: btc, amount: Amount(btcEach), program: .payToKey(key)),
                MainChainGenesis.Allocation(asset: usdt, amount: Amount(usdtEach), program: .payToKey(key)),
            ]
        }
        let genesis = MainChainGenesis(
            chainName: "mainchain-devnet", timestampMs: SystemMinerClock().nowMs(), powLimitBits: 0x207f_ffff,
            blockIntervalMs: blockIntervalMs, retargetIntervalBlocks: retargetIntervalBlocks, nativeAsset: btc, assets: [btc, usdt],
            allocations: allocations)
        try genesis.check()
        return genesis
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Runs the main-chain node: RPC (ROUTER), block notifications (PUB) and, with --mine, the miner.")

    @Option(help: "The directory `init` created.")
    var dir: String

    @Option(help: "The RPC endpoint to bind (ROUTER).")
    var rpc = "tcp://127.0.0.1:9450"

    @Option(help: "The block-notification endpoint to bind (PUB).")
    var pub = "tcp://127.0.0.1:9451"

    @Flag(help: "Mine blocks on the best tip with the mempool's transactions.")
    var mine = false

    @Option(help: "The miner's share of one core, 1...100: it hashes N ms of every 100 ms.")
    var minerCpuPercent = 25

    @Option(help: "Most mempool transactions per mined block.")
    var minerTransactionsMax = 500

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(help: "Stop when this process is no longer the main chain's parent (lodestone devnet passes its own ID).")
    var parentPid: Int32?

    func validate() throws {
        guard MinerSettings.cpuPercentRange.contains(minerCpuPercent) else { throw ValidationError("--miner-cpu-percent is 1...100") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        NodeLog.bootstrap(level: level)
        let log = {
            var logger = Logger(label: "lodestone.mainchain")
            logger.logLevel = level
            return logger
        }()
        let directory = ChainDirectory(path: dir)
        let genesis = try MainChainGenesisFile.load(path: directory.genesisPath)
        let store = try LevelDBStore(path: directory.storePath)
        defer { store.close() }
        let node = try MainChainNode(genesis: genesis, store: store)
        let context = try ZMQContext()
        defer { context.close() }
        let server = try MainChainServer(node: node, context: context, rpc: rpc, pub: pub)
        let best = node.best
        log.info(
            "main chain \(genesis.chainName) id \(node.chainID): height \(best.height) tip \(best.hash); rpc \(server.rpcEndpoint) pub \(server.pubEndpoint)"
        )
        node.onNewBest { header, height in
            log.info("best block \(height) \(header.hash(suite: genesis.suite)) bits \(String(header.targetBits, radix: 16))")
        }

        let stopping = DispatchSemaphore(value: 0)
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopping.signal() }
            source.resume()
            return source
        }
        defer { for source in signals { source.cancel() } }
        // A supervisor killed with SIGKILL cannot stop its children: once re-parented, stop
        // as on SIGTERM (polled, as `lodestone node --parent-pid` does).
        let parentWatch = parentPid.map { parent in
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now(), repeating: .milliseconds(250))
            timer.setEventHandler {
                guard getppid() != parent else { return }
                log.warning("parent process \(parent) is gone; stopping")
                timer.cancel()
                stopping.signal()
            }
            timer.resume()
            return timer
        }
        defer { parentWatch?.cancel() }

        let stopFlag = StopFlag()
        server.start { error in log.error("rpc stopped: \(error)") }
        let minerDone = DispatchSemaphore(value: 0)
        if mine {
            let miner = MainChainMiner(
                node: node, settings: MinerSettings(cpuPercent: minerCpuPercent, transactionsPerBlockMax: minerTransactionsMax))
            log.info("mining at \(minerCpuPercent)% of a core")
            Thread.detachNewThread {
                let started = SystemMinerClock().nowMs()
                miner.mine(shouldStop: { stopFlag.isSet })
                let stats = miner.statistics
                let seconds = Double(max(1, SystemMinerClock().nowMs() - started)) / 1_000
                log.info(
                    "miner stopped: \(stats.blocksMined) blocks, \(stats.hashes) hashes in \(Int(seconds)) s (\(Int(Double(stats.hashes) / seconds)) hashes/s), slept \(stats.sleptMs) ms"
                )
                minerDone.signal()
            }
        } else {
            minerDone.signal()
        }
        stopping.wait()
        log.info("stopping")
        stopFlag.set()
        minerDone.wait()
        server.stopAndClose()
        log.info("stopped at height \(node.best.height)")
    }
}

/// Set once by the signal handler; read by the miner between chunks.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
