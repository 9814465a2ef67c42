import ArgumentParser
import Foundation
import Node

/// `lodestone status --dir DIR | --intake ENDPOINT`: height, tip, mempool and books.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a node's height, tip, mempool and books.",
        discussion: "With --dir, asks the node at the folder's intake endpoint, or reads its data folder if it is not running.")

    @Option(help: "A node folder (holds node.json).")
    var dir: String?

    @Option(help: "A node's intake endpoint, e.g. tcp://127.0.0.1:7401.")
    var intake: String?

    @Option(help: "How long to wait for the node's answer, in milliseconds.")
    var timeoutMs = 2_000

    @Flag(help: "Print the status as JSON.")
    var json = false

    func validate() throws {
        guard (dir == nil) != (intake == nil) else { throw ValidationError("give exactly one of --dir and --intake") }
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    func run() throws {
        let status = try fetch()
        print(json ? String(decoding: status.json, as: UTF8.self) : status.summary)
    }

    private func fetch() throws -> NodeStatus {
        guard let dir else { return try ask(intake!) }
        let settings = try NodeSettings.load(directory: dir)
        // A wildcard port names no port a client could reach: only the folder can answer.
        if settings.configuration.intakeEndpoint.hasSuffix(":*") { return try NodeStatus.stored(settings) }
        do {
            return try ask(settings.configuration.intakeEndpoint)
        } catch NodeError.intakeNoReply {
            return try NodeStatus.stored(settings)
        }
    }

    private func ask(_ endpoint: String) throws -> NodeStatus {
        let client = try IntakeClient(endpoint: endpoint)
        defer { client.close() }
        return try client.status(timeoutMs: timeoutMs)
    }
}
