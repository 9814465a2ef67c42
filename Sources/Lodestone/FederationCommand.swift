import ArgumentParser
import Dispatch
import Foundation
import Logging
import Node
import Peg

/// `lodestone federation run --dir DIR`: one federation member (docs/PEG.md).
struct FederationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federation", abstract: "Run a peg federation member.", subcommands: [Run.self, Status.self, ClearHalt.self])

    struct ClearHalt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear-halt",
            abstract:
                "Clear a stopped member's halt after a deep main-chain reorg was looked at (the member keeps its header tree, so the same reorg does not halt it again)."
        )

        @Option(help: "The member folder (the member must be stopped: its record is a LevelDB it holds open).")
        var dir: String

        func run() throws {
            let reason = try FederationMemberProcess.clearHalt(directory: dir)
            print(reason.map { "cleared the halt: \($0)" } ?? "the member was not halted")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a running member last wrote to its folder's status.json (about once a second).")

        @Option(help: "The member folder.")
        var dir: String

        @Flag(help: "Print the JSON as written.")
        var json = false

        func run() throws {
            let status = try FederationMemberProcess.readStatus(directory: dir)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                for line in status.lines { print(line) }
            }
            if status.haltReason != nil { throw ExitCode(2) }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run the federation member of a member folder (federation.json, its key, the sidechain genesis) until SIGINT or SIGTERM.")

        @Option(
            help:
                "The member folder: holds federation.json, which names the key, the genesis, the main chain RPC, the gateway and the peers."
        )
        var dir: String

        @Option(help: "Stop when this process is no longer the member's parent (lodestone devnet passes its own ID).")
        var parentPid: Int32?

        @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
        var logLevel: String = "info"

        func run() throws {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            NodeLog.bootstrap(level: level)
            let logger = NodeLog.logger(level: level)
            let member = try FederationMemberProcess(directory: dir, logger: logger)
            let signals = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { member.stop() }
                source.resume()
                return source
            }
            let watch = parentPid.map { parent in
                ParentWatch.start(parent: parent) {
                    logger.warning("parent process \(parent) is gone; stopping")
                    member.stop()
                }
            }
            logger.info("federation member running", metadata: ["dir": "\(dir)", "listen": "\(member.configuration.listen)"])
            member.run()
            for source in signals { source.cancel() }
            watch?.cancel()
        }
    }
}
