import ArgumentParser
import Foundation
import Node

/// `lodestone candidates --dir DIR | --intake ENDPOINT [--json]`: the validator candidates.
struct CandidatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "List validator candidates by votes: self stake, registered, punished.",
        discussion: "Asks the node's status (at most \(NodeStatus.candidatesMax) candidates, in the election's order).")

    @Option(help: "A node folder (holds node.json).")
    var dir: String?

    @Option(help: "A node's intake endpoint, e.g. tcp://127.0.0.1:7401.")
    var intake: String?

    @Option(help: "How long to wait for the node's answer, in milliseconds.")
    var timeoutMs = 2_000

    @Flag(help: "Print the candidates as a JSON list.")
    var json = false

    func validate() throws {
        guard (dir == nil) != (intake == nil) else { throw ValidationError("give exactly one of --dir and --intake") }
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    func run() throws {
        let endpoint = try intake ?? NodeSettings.load(directory: dir!).configuration.intakeEndpoint
        let client = try IntakeClient(endpoint: endpoint)
        defer { client.close() }
        let candidates = try client.status(timeoutMs: timeoutMs).candidates ?? []
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(candidates), as: UTF8.self))
            return
        }
        print("key                                                               votes            self stake       registered  punished")
        for candidate in candidates {
            let columns = [candidate.key, pad(candidate.votes), pad(candidate.selfStake), candidate.registered ? "yes" : "no ", candidate.punished ? "yes" : "no"]
            print(columns.joined(separator: "  "))
        }
        if candidates.isEmpty { print("(no candidates: nobody holds votes)") }
    }

    private func pad(_ value: UInt64) -> String {
        let text = String(value)
        return text + String(repeating: " ", count: max(0, 15 - text.count))
    }
}
