import ArgumentParser
import Dispatch
import Foundation
import Node

/// `lodestone devnet [--dir devnet] [--validators N] [--fresh] [--no-peg]`: a local network
/// with the shipped markets, created on first use, then run in the foreground. With the peg
/// (the default) a proof-of-work main chain (`lodestone-mainchain`) and three federation
/// members run beside the nodes, and the first run funds the traders' BTC and USDT through
/// deposits on the main chain. Every process is a child supervised here; only a
/// single-validator devnet without a peg runs its node in this process.
struct DevnetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Create a local devnet (keys, genesis, node folders) if missing, then run its nodes.",
        discussion: """
            With --validators 1 the folder is one validator node. With more, each validator is a \
            node folder inside it (validator-1, …) and the folder itself is a follower that serves \
            the gateway and feeds on the devnet ports; every node runs as `lodestone node --dir …`, \
            its output in logs/. With the peg (unless --no-peg) the main chain (mainchain/, run \
            by lodestone-mainchain from the same bin folder) and three federation members \
            (federation-1…3, `lodestone federation run`) run too, and the first run deposits each \
            trader's BTC and USDT on the main chain and waits for the mints. SIGINT or SIGTERM \
            stops them all (docs/OPERATIONS.md).
            """)

    /// Validators of a new devnet when --validators is not given.
    static let defaultValidators = 4

    @Option(help: "The devnet folder.")
    var dir = "devnet"

    @Option(
        help:
            "Validators of a new devnet (1...\(DevnetOptions.validatorsMax); default \(defaultValidators)). An existing devnet keeps its own."
    )
    var validators: Int?

    @Option(help: "The market files copied into a new genesis.")
    var markets = "Markets"

    @Option(help: "How many funded trader keys a new devnet gets.")
    var traders = 3

    @Option(help: "First port of a new devnet: intake at it, gateway +10, feeds +20/+21, consensus +30…, validators' intakes +51….")
    var portBase: UInt16 = DevnetPorts.defaultBase

    @Option(help: "Block interval of a new devnet's genesis, in milliseconds.")
    var blockIntervalMs: UInt64 = DevnetOptions().blockIntervalMs

    @Flag(help: "Delete the devnet folder (keys, chain and all) and start over.")
    var fresh = false

    @Flag(help: "Keep the other nodes running when one ends (cluster tests kill and restart validators).")
    var keepGoing = false

    @Flag(help: "Create the devnet and exit without running it.")
    var createOnly = false

    @Flag(
        inversion: .prefixedNo,
        help: "A new devnet gets a main chain and a federation pegging BTC and USDT (--no-peg: genesis allocations instead).")
    var peg = true

    @Option(help: "Log level of the main chain and the federation members (a node's is log_level in its node.json).")
    var logLevel: String?

    /// Longest wait for the funding deposits' mints.
    static let fundingTimeoutMs: UInt64 = 120_000

    func validate() throws {
        if let validators, !(1...DevnetOptions.validatorsMax).contains(validators) {
            throw ValidationError("--validators must be 1...\(DevnetOptions.validatorsMax)")
        }
        guard DevnetPorts.baseAllowed.contains(portBase) else {
            throw ValidationError("--port-base must be \(DevnetPorts.baseAllowed.lowerBound)...\(DevnetPorts.baseAllowed.upperBound)")
        }
    }

    func run() throws {
        let layout = DevnetLayout(directory: dir)
        if fresh { try layout.remove() }
        var options = DevnetOptions()
        options.marketsDirectory = markets
        options.traders = traders
        options.validators = validators ?? Self.defaultValidators
        options.portBase = portBase
        options.blockIntervalMs = blockIntervalMs
        options.peg = peg
        options.usePublicPorts()
        let created = try layout.create(options)
        let nodes = layout.nodes
        let running = nodes.count == 1 ? 1 : nodes.count - 1
        if let validators, validators != running {
            throw ValidationError("\(dir) is a devnet of \(running) validator(s), not \(validators); pass --fresh to start over")
        }
        print(created ? "created devnet \(layout.directory)" : "using devnet \(layout.directory)")
        try describe(layout, nodes: nodes)
        guard !createOnly else { return }
        if nodes.count == 1 && !layout.hasPeg {
            try NodeRunner.run(directory: dir)
        } else {
            try supervise(layout, nodes: nodes)
        }
    }

    private func describe(_ layout: DevnetLayout, nodes: [DevnetNode]) throws {
        let genesis = try GenesisFile.load(path: layout.genesisPath)
        let chain = try genesis.config(path: layout.genesisPath)
        print("  genesis   \(layout.genesisPath)  (chain id \(chain.chainID), \(genesis.validators.count) validator(s))")
        print("  fees      \(layout.feeCollectorKeyPath)")
        for path in layout.traderKeyPaths {
            print("  trader    \(path)  \(try KeyFile.signingKey(at: path).publicKey)")
        }
        for node in nodes {
            let configuration = try NodeConfiguration.load(path: DevnetLayout(directory: node.directory).nodeConfigPath)
            let role = node.isFollower ? "follower" : "validator"
            print(
                "  \(node.name)  (\(role))  folder \(node.directory)"
                    + (nodes.count > 1 || layout.hasPeg ? "  log \(layout.logPath(node.name))" : ""))
            let consensus = configuration.consensusEndpoint.isEmpty ? "" : "  consensus \(configuration.consensusEndpoint)"
            print("      intake \(configuration.intakeEndpoint)" + consensus)
            if !configuration.gatewayEndpoint.isEmpty {
                print(
                    "      gateway \(configuration.gatewayEndpoint)  feeds \(configuration.feedEndpoint)  snapshots \(configuration.snapshotEndpoint)"
                )
            }
        }
        if layout.hasPeg {
            let run = try layout.mainChainRun()
            print(
                "  main chain  folder \(layout.mainChainPath)  rpc \(run.rpc)  pub \(run.pub)  miner \(run.minerCPUPercent)% of a core  log \(layout.logPath(DevnetLayout.mainChainName))"
            )
            if let peg = genesis.peg {
                print(
                    "  peg       \(peg.federation.threshold) of \(peg.federation.keys.count) federation members, K = \(peg.confirmationsRequired), pegged "
                        + peg.peggedAssets.map { "\($0.symbol) (min \($0.minimumDeposit))" }.joined(separator: ", "))
            }
            for number in stride(from: 1, through: layout.federationFolderCount, by: 1) {
                let name = DevnetLayout.federationName(number)
                let member = try FederationMemberConfiguration.load(directory: layout.federationDirectory(number))
                print("  \(name)  folder \(layout.federationDirectory(number))  shares \(member.listen)  log \(layout.logPath(name))")
            }
        }
        print("  see docs/OPERATIONS.md; `lodestone status --dir \(layout.directory)` asks the " + (nodes.count > 1 ? "follower" : "node"))
    }

    /// Runs every node as a child process until SIGINT/SIGTERM or until one ends unasked.
    private func supervise(_ layout: DevnetLayout, nodes: [DevnetNode]) throws {
        let executable = Self.executablePath()
        try FileManager.default.createDirectory(atPath: layout.logsPath, withIntermediateDirectories: true)
        // Each node and member watches this process: killed with SIGKILL, the supervisor cannot stop them.
        let binDirectory = URL(fileURLWithPath: executable).deletingLastPathComponent().path
        let children = try layout.processes(binDirectory: binDirectory, parentPID: getpid(), logLevel: logLevel)
        for child in children {
            if let other = child.executable, !FileManager.default.isExecutableFile(atPath: other) {
                throw ValidationError("\(other) is missing: build it beside lodestone (`swift build` builds every product)")
            }
        }
        let supervisor = try DevnetSupervisor(executable: executable, children: children, keepGoing: keepGoing) { line in
            FileHandle.standardError.write(Data("lodestone devnet: \(line)\n".utf8))
        }
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { supervisor.stop() }
            source.resume()
            return source
        }
        defer { for source in signals { source.cancel() } }
        let pids = try supervisor.start()
        print("running \(children.count) processes: " + children.map { "\($0.name) pid \(pids[$0.name] ?? 0)" }.joined(separator: ", "))
        print("Ctrl-C stops them all")
        // Out now even into a pipe: scripts and tests wait for the "running" line.
        fflush(nil)
        if layout.hasPeg && !FileManager.default.fileExists(atPath: layout.pegFundedPath) {
            Thread.detachNewThread { Self.fund(layout) }
        } else if layout.hasPeg {
            print("traders were funded through the peg on an earlier run (\(layout.pegFundedPath))")
            fflush(nil)
        }
        switch supervisor.wait() {
        case .stopped:
            print("devnet stopped")
        case .failed(let error):
            FileHandle.standardError.write(Data("lodestone devnet: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The first run's funding: each trader's BTC and USDT deposited on the main chain to the
    /// federation, then the mints awaited on the sidechain. Printed as it goes; a failure is
    /// printed and leaves the devnet running (the deposits can be retried by removing
    /// peg-funded.json, or made by hand).
    static func fund(_ layout: DevnetLayout) {
        func say(_ line: String) {
            print("peg funding: " + line)
            fflush(nil)
        }
        do {
            let funding = try DevnetPegFunding(layout: layout)
            let deposits = try funding.fundTraders(report: say)
            say(
                "waiting for the federation to mint them (K = \(funding.terms.confirmationsRequired) main-chain blocks, then 2 of 3 signatures)"
            )
            let latencies = try funding.waitForMints(deposits, timeoutMs: fundingTimeoutMs, report: say)
            say("every trader is funded; slowest peg-in \(latencies.max() ?? 0) ms")
        } catch {
            say("FAILED: \(error)")
        }
    }

    /// This executable, so every node runs the same build as the devnet command.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
