import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Peg
import Pool
import Primitives
import Storage
import Testing
import ZeroMQ

@testable import Node

/// `lodestone peg in` as a child process against a real in-process main chain (ports
/// 17210–17219): the deposit it prints is in the main chain's pool, mined, listed among the
/// federation's holdings and judged `.mint`; a deposit below the minimum or of an unpegged
/// asset is refused locally with its code and nothing is sent.
@Suite(.serialized) struct PegCommandTests {
    static let suite: any CryptoSuite = SchnorrSecp256k1Suite()

    /// Runs `lodestone` with `arguments`; its exit status and standard output + error.
    static func run(_ binary: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would block the child. The command's own
        // timeouts bound how long it runs.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func pegInDepositsFromMainChainCoinsAndRefusesWhatTheFederationWouldRefund() throws {
        guard let binary = NodeProcess.binary else {
            Issue.record("build the lodestone product first (swift build)")
            return
        }
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let usdt = AssetDefinition(symbol: "USDT", decimals: 6)
        let alice = try Self.suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        let bob = try Self.suite.signingKey(secret: [UInt8](repeating: 0xB0, count: 32))
        let main = MainChainGenesis(
            chainName: "peg-cli-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc, usdt],
            allocations: [
                .init(asset: btc, amount: Amount(100_000_000), program: .payToKey(alice.publicKey)),
                .init(asset: usdt, amount: Amount(5_000_000), program: .payToKey(alice.publicKey)),
            ])
        let federation = FederationKeys(
            threshold: 2,
            keys: try (0x31...0x33).map { try Self.suite.signingKey(secret: [UInt8](repeating: UInt8($0), count: 32)).publicKey })
        let peg = PegGenesis(
            mainChain: main.parameters, federation: federation, confirmationsRequired: 2,
            peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(10_000))])
        let sidechain = GenesisFile(
            chainName: "peg-cli-side", timestampMs: 0, nativeAsset: "LODE",
            assets: [.init(symbol: "LODE", decimals: 8), .init(symbol: "BTC", decimals: 8), .init(symbol: "USDT", decimals: 6)],
            allocations: [.init(asset: "LODE", amount: 500, publicKey: bob.publicKey.description)], validators: [bob.publicKey],
            feeCollector: bob.publicKey, markets: [], peg: GenesisFile.PegEntry(peg))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peg-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let genesisPath = directory + "/genesis.json"
        let keyPath = directory + "/alice.key"
        try sidechain.write(to: genesisPath)
        try KeyFile(key: alice).write(to: keyPath)
        let config = try sidechain.config(path: genesisPath)

        let node = try MainChainNode(genesis: main, store: MemoryStore())
        let context = try ZMQContext()
        let server = try MainChainServer(node: node, context: context, rpc: "tcp://127.0.0.1:17211", pub: "tcp://127.0.0.1:17212")
        server.start()
        defer { server.stopAndClose() }
        let common = ["peg", "in", "--main-chain-rpc", "tcp://127.0.0.1:17211", "--key", keyPath, "--genesis", genesisPath]

        let (status, output) = try Self.run(binary, common + ["--asset", "BTC", "--amount", "0.25", "--to", bob.publicKey.description])
        #expect(status == 0, "\(output)")
        let depositLine = try #require(output.split(separator: "\n").first { $0.hasPrefix("deposit output ") })
        let depositID = try Hash256(hex: String(depositLine.dropFirst("deposit output ".count)))
        let mined = MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 1)
        let block = try #require(mined.first)
        let terms = try PegTerms(
            federation: federation, confirmationsRequired: 2, depositMinimums: [btc.id(suite: Self.suite): Amount(10_000)],
            sidechainChainID: config.chainID, suite: Self.suite)
        let found = DepositScanner.deposits(in: block, terms: terms)
        #expect(found.map(\.outputID) == [depositID])
        #expect(found.first.map { terms.judge($0.output, $0.terms) } == .mint)
        #expect(found.first?.output.amount == Amount(25_000_000))
        #expect(try found.first?.terms.destinationProgram(suite: Self.suite).get() == .payToKey(bob.publicKey))
        let held = try node.withCore { core throws(MainChainError) in
            try core.outputs(heldBy: federation.multisigProgram, after: nil, limit: 500)
        }
        #expect(held.outputs.map(\.outputID) == [depositID])

        // Refused locally, with the code: below the minimum, an unpegged asset, too many decimals.
        for (arguments, code) in [
            (["--asset", "BTC", "--amount", "0.00009999"], "11305"), (["--asset", "USDT", "--amount", "1"], "11304"),
            (["--asset", "BTC", "--amount", "0.000000001"], "11303"),
        ] {
            let (refusedStatus, refusedOutput) = try Self.run(binary, common + arguments)
            #expect(refusedStatus != 0 && refusedOutput.contains(code), "\(arguments): \(refusedOutput)")
        }
        #expect(try node.withCore { $0.mempool.count } == 0, "nothing refused reached the main chain")
    }

    @Test func pegStatusComparesFederationHoldingsWithSidechainSupply() throws {
        guard let binary = NodeProcess.binary else {
            Issue.record("build the lodestone product first (swift build)")
            return
        }
        // A stopped devnet node whose genesis pegs BTC to an in-process main chain.
        let btc = AssetDefinition(symbol: "BTC", decimals: 8)
        let alice = try Self.suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        let main = MainChainGenesis(
            chainName: "peg-status-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: btc, assets: [btc],
            allocations: [.init(asset: btc, amount: Amount(100_000_000), program: .payToKey(alice.publicKey))])
        let federation = FederationKeys(
            threshold: 2,
            keys: try (0x31...0x33).map { try Self.suite.signingKey(secret: [UInt8](repeating: UInt8($0), count: 32)).publicKey })
        let devnet = try TestDevnet()
        var genesis = try GenesisFile.load(path: devnet.layout.genesisPath)
        genesis.peg = GenesisFile.PegEntry(
            PegGenesis(
                mainChain: main.parameters, federation: federation, confirmationsRequired: 2,
                peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(10_000))]))
        try genesis.write(to: devnet.layout.genesisPath, replace: true)
        let settings = try devnet.settings()
        do {
            let folder = try DataFolder.open(settings, create: true)
            defer { folder.store.close() }
            var producer = try BlockProducer(
                store: folder.store, config: settings.chain, validatorKey: settings.validatorKey,
                limits: BlockLimits(maxTransactions: 100, maxCancels: 100),
                makePool: { config, _ throws(ChainError) in try Pool.Mempool(config: config) }, chainRecord: folder.record,
                logger: LogRecorder().logger)
            _ = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        }

        let node = try MainChainNode(genesis: main, store: MemoryStore())
        let context = try ZMQContext()
        let server = try MainChainServer(node: node, context: context, rpc: "tcp://127.0.0.1:17213", pub: "tcp://127.0.0.1:17214")
        server.start()
        defer { server.stopAndClose() }
        let status = ["peg", "status", "--dir", devnet.directory, "--main-chain-rpc", "tcp://127.0.0.1:17213", "--require-match"]

        let (before, beforeOutput) = try Self.run(binary, status)
        #expect(before == 0, "\(beforeOutput)")
        #expect(beforeOutput.contains("federation 2-of-3  K 2") && beforeOutput.contains("main-chain tip 0"), "\(beforeOutput)")
        #expect(
            beforeOutput.contains("BTC  federation holds 0.00000000 BTC in 0 output(s)  sidechain supply 0.00000000 BTC  match"),
            "\(beforeOutput)")

        // A deposit the sidechain has not minted: the federation holds more than the supply.
        let keyPath = devnet.directory + "/alice.key"
        try KeyFile(key: alice).write(to: keyPath)
        let (deposited, depositOutput) = try Self.run(
            binary,
            [
                "peg", "in", "--main-chain-rpc", "tcp://127.0.0.1:17213", "--key", keyPath, "--dir", devnet.directory, "--asset", "BTC",
                "--amount", "0.5",
            ])
        #expect(deposited == 0, "\(depositOutput)")
        #expect(MainChainMiner(node: node, settings: MinerSettings()).mine(blocks: 1).count == 1)
        let (after, afterOutput) = try Self.run(binary, status)
        #expect(after != 0, "--require-match fails on a difference: \(afterOutput)")
        #expect(afterOutput.contains("main-chain tip 1"), "\(afterOutput)")
        #expect(
            afterOutput.contains("BTC  federation holds 0.50000000 BTC in 1 output(s)  sidechain supply 0.00000000 BTC  DIFFER"),
            "\(afterOutput)")
    }

    @Test func pegOutListsGatewayCoinsSignsABurnAndTheNodeJudgesIt() throws {
        guard let binary = NodeProcess.binary else {
            Issue.record("build the lodestone product first (swift build)")
            return
        }
        // A running devnet node (intake 17220, gateway 17230) whose genesis pegs BTC. The
        // traders' BTC is a genesis allocation, not minted: the pegged supply is 0, so the
        // node refuses any burn of it (peg_burn_exceeds_supply, 8407) - after the command
        // found the coins over the gateway, built and signed the burn, and sent it.
        let main = MainChainGenesis(
            chainName: "peg-out-test", timestampMs: 1_700_000_000_000, powLimitBits: 0x207f_ffff, blockIntervalMs: 100,
            retargetIntervalBlocks: 10, nativeAsset: AssetDefinition(symbol: "BTC", decimals: 8),
            assets: [AssetDefinition(symbol: "BTC", decimals: 8)], allocations: [])
        let federation = FederationKeys(
            threshold: 2,
            keys: try (0x31...0x33).map { try Self.suite.signingKey(secret: [UInt8](repeating: UInt8($0), count: 32)).publicKey })
        let devnet = try TestDevnet(traders: 1, intakeEndpoint: "tcp://127.0.0.1:17220", blockIntervalMs: 50)
        var genesis = try GenesisFile.load(path: devnet.layout.genesisPath)
        genesis.peg = GenesisFile.PegEntry(
            PegGenesis(
                mainChain: main.parameters, federation: federation, confirmationsRequired: 2,
                peggedAssets: [PeggedAsset(symbol: "BTC", minimumDeposit: Amount(10_000))]))
        try genesis.write(to: devnet.layout.genesisPath, replace: true)
        let settings = try devnet.settings()
        #expect(settings.configuration.gatewayEndpoint == "tcp://127.0.0.1:17230")
        let node = try NodeProcess(binary: binary, directory: devnet.directory, logPath: devnet.directory + "/node.log")
        defer { _ = node.terminate(timeoutMs: 10_000) }
        let intake = try IntakeClient(endpoint: settings.configuration.intakeEndpoint)
        defer { intake.close() }
        let deadline = Date(timeIntervalSinceNow: 30)
        var serving = false
        while !serving && Date() < deadline { serving = (try? intake.status(timeoutMs: 250)) != nil }
        try #require(serving, "node did not start:\n\(node.logTail())")

        let alice = try Self.suite.signingKey(secret: [UInt8](repeating: 0xA1, count: 32))
        let common = [
            "peg", "out", "--dir", devnet.directory, "--key", devnet.layout.traderKeyPath(1), "--to", alice.publicKey.description,
        ]
        let (status, output) = try Self.run(binary, common + ["--asset", "BTC", "--amount", "0.01"])
        #expect(status != 0 && output.contains("rejected 8407 peg_burn_exceeds_supply"), "\(output)")
        // More than the key's coins hold: refused locally, before anything is signed.
        let (short, shortOutput) = try Self.run(binary, common + ["--asset", "BTC", "--amount", "1000000"])
        #expect(short != 0 && shortOutput.contains("11302"), "\(shortOutput)")
        // An asset the genesis does not peg.
        let (unpegged, unpeggedOutput) = try Self.run(binary, common + ["--asset", "USDT", "--amount", "1"])
        #expect(unpegged != 0 && unpeggedOutput.contains("11304"), "\(unpeggedOutput)")
    }
}
