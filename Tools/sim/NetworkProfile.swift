/// How one seed's network behaves while faults are on: delays, loss, duplication and
/// reordering, all as integers (per mille, milliseconds) so a run is the same everywhere.
/// After the last fault heals the network keeps its delays but loses, duplicates and
/// reorders nothing (eventual synchrony: what liveness is promised under).
struct NetworkProfile: Equatable, CustomStringConvertible {
    /// Most loss a seed may draw: past that, rounds mostly time out and a seed proves little.
    static let lossPerMilleMax = 300

    /// Every message takes at least this long…
    var delayMinMs: UInt64 = 1
    /// …and at most this long, uniformly (plus `slow` and reordering below).
    var delayMaxMs: UInt64 = 10
    /// Share of messages that are slow: an extra 0…`slowExtraMs` on top.
    var slowPerMille = 0
    var slowExtraMs: UInt64 = 0
    var lossPerMille = 0
    /// Share of messages delivered twice (the copy at its own delay).
    var duplicatePerMille = 0
    /// Share of messages held back 0…`reorderWindowMs` extra, so later ones overtake them.
    var reorderPerMille = 0
    var reorderWindowMs: UInt64 = 0

    /// The calm network: small delays, nothing lost, duplicated or reordered.
    static let calm = NetworkProfile()

    /// What the network does after the faults heal: same base delays, nothing else.
    var healed: NetworkProfile {
        NetworkProfile(delayMinMs: delayMinMs, delayMaxMs: delayMaxMs)
    }

    var description: String {
        "delay=\(delayMinMs)-\(delayMaxMs)ms slow=\(slowPerMille)‰+\(slowExtraMs)ms loss=\(lossPerMille)‰ "
            + "dup=\(duplicatePerMille)‰ reorder=\(reorderPerMille)‰/\(reorderWindowMs)ms"
    }
}

/// Which nodes can reach which: groups of node indices; a message between two groups is cut.
/// Nodes in no group are isolated from everyone.
struct Partition: Equatable, CustomStringConvertible {
    let groups: [[Int]]

    /// Whether a message from `a` can reach `b`.
    func connects(_ a: Int, _ b: Int) -> Bool {
        a == b || groups.contains { $0.contains(a) && $0.contains(b) }
    }

    var description: String { groups.map { "{" + $0.map(String.init).joined(separator: ",") + "}" }.joined(separator: "|") }
}
