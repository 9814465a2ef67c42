import ArgumentParser
import Foundation
import Node

/// `lodestone candidates --dir DIR | --intake ENDPOINT [--json]`: the validator candidates.
struct CandidatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidates",
        abstract: "List validator candidates by votes: self stake, registered, punished.",
        discussion: "Asks the node's status (at most \(NodeStatus.candidatesMax) candidates, in the election's order).")

    @OptionGroup var source: NodeStatusSource

    @Flag(help: "Print the candidates as a JSON list.")
    var json = false

    func run() throws {
        let candidates = try source.ask(source.intakeEndpoint()).candidates ?? []
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(candidates), as: UTF8.self))
            return
        }
        print("key                                                               votes            self stake       registered  punished")
        for candidate in candidates {
            let columns = [
                candidate.key, pad(candidate.votes), pad(candidate.selfStake), candidate.registered ? "yes" : "no ",
                candidate.punished ? "yes" : "no",
            ]
            print(columns.joined(separator: "  "))
        }
        if candidates.isEmpty { print("(no candidates: nobody holds votes)") }
    }

    private func pad(_ value: UInt64) -> String {
        let text = String(value)
        return text + String(repeating: " ", count: max(0, 15 - text.count))
    }
}
