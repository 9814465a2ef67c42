import ArgumentParser
import Dispatch
import Foundation
import Node

/// Runs the node of a node folder in the foreground until SIGINT or SIGTERM (or, with a
/// `parentPID`, until that process is no longer its parent), then stops it cleanly (the block
/// being written finishes; the data folder is closed).
enum NodeRunner {
    static func run(directory: String, parentPID: pid_t? = nil) throws {
        let settings = try NodeSettings.load(directory: directory)
        NodeLog.bootstrap(level: settings.logLevel)
        let logger = NodeLog.logger(level: settings.logLevel)
        let node = try Node.start(settings, makePool: settings.mempoolFactory, logger: logger)
        let signals = stopOnSignals(node)
        let watch = parentPID.map { parent in
            ParentWatch.start(parent: parent) {
                logger.warning("parent process \(parent) is gone (supervisor killed?); stopping")
                node.stop()
            }
        }
        let failure = node.waitUntilStopped()
        signals.forEach { $0.cancel() }
        watch?.cancel()
        if let failure {
            FileHandle.standardError.write(Data("lodestone: node stopped: \(failure)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// SIGINT and SIGTERM ask the node to stop instead of killing the process.
    private static func stopOnSignals(_ node: Node) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { node.stop() }
            source.resume()
            return source
        }
    }
}

/// `lodestone node --dir DIR`: run a validator node.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Run the validator node of a node folder until SIGINT or SIGTERM.")

    @Option(help: "The node folder: holds node.json, which names the genesis, key and data folder.")
    var dir: String

    @Option(help: "Stop when this process is no longer the node's parent (lodestone devnet passes its own ID, so its nodes end with it).")
    var parentPid: Int32?

    func validate() throws {
        if let parentPid, parentPid <= 1 {
            throw ValidationError("--parent-pid must be a process ID above 1")
        }
    }

    func run() throws {
        try NodeRunner.run(directory: dir, parentPID: parentPid)
    }
}
