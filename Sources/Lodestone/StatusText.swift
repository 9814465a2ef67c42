import Node

/// How `lodestone status` shows a node's status to a person.
enum StatusText {
    /// The node's summary (chain, tip, mempool, books, traffic).
    static func lines(_ status: NodeStatus) -> [String] {
        [status.summary]
    }

    /// One line for `status --all`: the node's height and tip.
    static func nodeLine(name: String, _ status: NodeStatus) -> String {
        "\(name)  height \(status.height)  tip \(status.tipHash.prefix(16))…" + (status.traffic == nil ? "  (stopped; read from its folder)" : "")
    }
}
