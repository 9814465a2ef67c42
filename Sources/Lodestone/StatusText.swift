import Node

/// How `lodestone status` shows a node's status to a person.
enum StatusText {
    /// Most peers listed one per line; the rest are counted.
    static let peersShownMax = 32

    /// The node's summary (chain, tip, mempool, books, traffic), then its consensus position,
    /// each peer's height and the consensus counters.
    static func lines(_ status: NodeStatus) -> [String] {
        var lines = [status.summary]
        if let pegLine = status.pegLine { lines.append(pegLine) }
        guard let consensus = status.consensus else {
            lines.append("consensus unknown (node not running)")
            return lines
        }
        lines.append(
            "consensus \(consensus.role)\(consensus.voting ? " (voting)" : "")  deciding height \(consensus.height)"
                + "  round \(consensus.round)  step \(consensus.step)  last finality latency " + latency(consensus))
        lines.append("  peers \(consensus.peers.count):")
        for peer in consensus.peers.prefix(peersShownMax) {
            lines.append("    \(peer.key.prefix(16))…  height " + (peer.height.map(String.init) ?? "unknown"))
        }
        if consensus.peers.count > peersShownMax { lines.append("    … \(consensus.peers.count - peersShownMax) more (--json lists all)") }
        let counters = ["commits", "round_changes", "flat_fallbacks", "timeouts", "evidence", "sync_blocks_committed", "dropped"]
        lines.append("  counters " + counters.map { "\($0) \(consensus.counters[$0] ?? 0)" }.joined(separator: "  "))
        return lines
    }

    /// One line for `status --all`: height, consensus position and the node's tip.
    static func nodeLine(name: String, _ status: NodeStatus) -> String {
        let position =
            status.consensus.map { " round \($0.round) step \($0.step)  finality \(latency($0))" } ?? "  (stopped; read from its folder)"
        return "\(name)  height \(status.height)\(position)  tip \(status.tipHash.prefix(16))…"
    }

    private static func latency(_ consensus: NodeStatus.Consensus) -> String {
        consensus.lastFinalityLatencyMs.map { "\($0) ms" } ?? "none yet"
    }
}
