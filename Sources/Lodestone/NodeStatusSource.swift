import ArgumentParser
import Node

/// `--dir DIR | --intake ENDPOINT [--timeout-ms MS]`: the node whose status a command asks
/// (`lodestone status`, `lodestone candidates`).
struct NodeStatusSource: ParsableArguments {
    @Option(help: "A node folder (holds node.json).")
    var dir: String?

    @Option(help: "A node's intake endpoint, e.g. tcp://127.0.0.1:7401.")
    var intake: String?

    @Option(help: "How long to wait for the node's answer, in milliseconds.")
    var timeoutMs = 2_000

    func validate() throws {
        guard (dir == nil) != (intake == nil) else { throw ValidationError("give exactly one of --dir and --intake") }
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    /// The intake endpoint given, or the one in the folder's node.json.
    func intakeEndpoint() throws -> String {
        if let intake { return intake }
        return try NodeSettings.load(directory: dir ?? "").configuration.intakeEndpoint
    }

    /// Asks the node at `endpoint` for its status, waiting at most `timeoutMs`.
    func ask(_ endpoint: String) throws -> NodeStatus {
        let client = try IntakeClient(endpoint: endpoint)
        defer { client.close() }
        return try client.status(timeoutMs: timeoutMs)
    }
}
