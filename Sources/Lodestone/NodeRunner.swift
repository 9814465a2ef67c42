import ArgumentParser
import Dispatch
import Foundation
import Node

/// Runs the node of a node folder in the foreground until SIGINT or SIGTERM, then stops it
/// cleanly (the block being written finishes; the data folder is closed).
enum NodeRunner {
    static func run(directory: String) throws {
        let settings = try NodeSettings.load(directory: directory)
        NodeLog.bootstrap(level: settings.logLevel)
        let node = try Node.start(settings, makePool: settings.mempoolFactory, logger: NodeLog.logger(level: settings.logLevel))
        let signals = stopOnSignals(node)
        let failure = node.waitUntilStopped()
        signals.forEach { $0.cancel() }
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

    func run() throws {
        try NodeRunner.run(directory: dir)
    }
}
