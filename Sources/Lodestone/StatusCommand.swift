import ArgumentParser
import Foundation
import Node

/// `lodestone status --dir DIR | --intake ENDPOINT [--all]`: height, tip, consensus, mempool and books.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a node's height, tip, consensus round, peers, mempool and books.",
        discussion: """
            With --dir, asks the node at the folder's intake endpoint, or reads its data folder if it is not running. \
            A cluster devnet's folder is its follower; --all adds one line per node of the devnet (validators and follower).
            """)

    @OptionGroup var source: NodeStatusSource

    @Flag(help: "Print the status as JSON.")
    var json = false

    @Flag(help: "With --dir of a devnet: one line per node (height, round, step, finality latency, tip).")
    var all = false

    func validate() throws {
        guard !all || source.dir != nil else { throw ValidationError("--all needs --dir (a devnet folder)") }
    }

    func run() throws {
        if all, let dir = source.dir { return try runAll(dir) }
        let status = try fetch(dir: source.dir)
        print(json ? String(decoding: status.json, as: UTF8.self) : StatusText.lines(status).joined(separator: "\n"))
    }

    /// One line per node of the devnet at `dir`, validators first; a node that does not
    /// answer is shown as such (its stored height when its folder can be read).
    private func runAll(_ dir: String) throws {
        let nodes = DevnetLayout(directory: dir).nodes
        var statuses: [(String, NodeStatus?)] = []
        for node in nodes {
            statuses.append((node.name, try? fetch(dir: node.directory)))
        }
        if json {
            let object = Dictionary(
                uniqueKeysWithValues: statuses.compactMap { name, status in
                    status.map { (name, (try? JSONSerialization.jsonObject(with: Data($0.json))) ?? NSNull()) }
                })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (name, status) in statuses {
                print(status.map { StatusText.nodeLine(name: name, $0) } ?? "\(name)  not answering")
            }
        }
    }

    private func fetch(dir: String?) throws -> NodeStatus {
        guard let dir else { return try source.ask(source.intakeEndpoint()) }
        let settings = try NodeSettings.load(directory: dir)
        // A wildcard port names no port a client could reach: only the folder can answer.
        if settings.configuration.intakeEndpoint.hasSuffix(":*") { return try NodeStatus.stored(settings) }
        do {
            return try source.ask(settings.configuration.intakeEndpoint)
        } catch NodeError.intakeNoReply {
            return try NodeStatus.stored(settings)
        }
    }
}
