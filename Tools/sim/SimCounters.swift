import Consensus

/// Counters summed over a run (all seeds), printed at the end: they prove each fault and
/// each protocol path really ran.
struct SimCounters {
    var seeds = 0
    var failedSeeds = 0
    /// The highest height honest nodes agreed on, summed over seeds.
    var heightsFinalized: UInt64 = 0
    var events: UInt64 = 0
    var network = NetworkCounters()
    /// Engine counters by name, summed over every node (across restarts).
    var engine: [String: Int] = [:]
    var byzantineActions: [String: Int] = [:]
    var crashes = 0
    var restarts = 0
    var partitionsFormed = 0
    var partitionsHealed = 0
    var trader = Traders.Counters()
    var evidenceCommitted = 0
    /// Distinct validator sets honest nodes moved to after genesis (elections).
    var validatorSetChanges = 0
    /// Settlement transactions in finalized blocks (matching really ran).
    var settlements = 0
    var virtualMs: UInt64 = 0
    /// Proposal and vote traffic by phase (votes, aggregates and certificates).
    var byPhase: [String: Int] = [:]
    /// Seeds per fault drawn.
    var faults: [String: Int] = [:]

    mutating func add(_ other: SimCounters) {
        seeds += other.seeds
        failedSeeds += other.failedSeeds
        heightsFinalized += other.heightsFinalized
        events += other.events
        network.add(other.network)
        for (name, count) in other.engine { engine[name, default: 0] += count }
        for (name, count) in other.byzantineActions { byzantineActions[name, default: 0] += count }
        crashes += other.crashes
        restarts += other.restarts
        partitionsFormed += other.partitionsFormed
        partitionsHealed += other.partitionsHealed
        trader.orders += other.trader.orders
        trader.cancels += other.trader.cancels
        trader.accepted += other.trader.accepted
        trader.refused += other.trader.refused
        trader.starved += other.trader.starved
        trader.votes += other.trader.votes
        trader.unvotes += other.trader.unvotes
        validatorSetChanges += other.validatorSetChanges
        evidenceCommitted += other.evidenceCommitted
        settlements += other.settlements
        virtualMs += other.virtualMs
        for (name, count) in other.byPhase { byPhase[name, default: 0] += count }
        for (name, count) in other.faults { faults[name, default: 0] += count }
    }

    /// The end-of-run lines, keys sorted so two runs print alike.
    var lines: [String] {
        func join(_ map: [String: Int]) -> String { map.keys.sorted().map { "\($0)=\(map[$0]!)" }.joined(separator: " ") }
        let kinds = ConsensusMessage.Kind.allCases.map { "\($0)=\(network.byKind[$0] ?? 0)" }.joined(separator: " ")
        return [
            "seeds=\(seeds) failed=\(failedSeeds) heights_finalized=\(heightsFinalized) events=\(events) virtual_s=\(virtualMs / 1_000)",
            "faults: \(join(faults))",
            "messages: sent=\(network.sent) delivered=\(network.delivered) lost=\(network.lost) duplicated=\(network.duplicated) "
                + "reordered=\(network.reordered) slowed=\(network.slowed) cut=\(network.cut) to_down_node=\(network.toDownNode)",
            "messages by kind: \(kinds)",
            "engine: \(join(engine))",
            "evidence_committed=\(evidenceCommitted) settlements_finalized=\(settlements)",
            "byzantine: \(join(byzantineActions))",
            "crashes=\(crashes) restarts=\(restarts) partitions_formed=\(partitionsFormed) partitions_healed=\(partitionsHealed)",
            "traders: orders=\(trader.orders) cancels=\(trader.cancels) accepted=\(trader.accepted) refused=\(trader.refused) starved=\(trader.starved) "
                + "votes=\(trader.votes) unvotes=\(trader.unvotes) validator_set_changes=\(validatorSetChanges)",
        ]
    }
}
