import Consensus

extension SimNode {
    /// The engine's counters by printable name (drops by reason), for the run's totals.
    static func counters(of engine: SimEngine) -> [String: Int] {
        let counters = engine.counters
        var named: [String: Int] = [
            "commits": Int(counters.commits),
            "round_changes": Int(counters.roundChanges),
            "flat_fallbacks": Int(counters.flatFallbacks),
            "evidence_created": Int(counters.evidence),
            "evidence_received": Int(counters.evidenceReceived),
            "would_equivocate": Int(counters.wouldEquivocate),
            "timeouts": Int(counters.timeouts),
            "sync_requests": Int(counters.syncRequests),
            "sync_blocks_fetched": Int(counters.syncBlocksCommitted),
            "sync_blocks_served": Int(counters.syncBlocksServed),
            "safety_store_failures": Int(counters.safetyStoreFailures),
            "propose_failures": Int(counters.proposeFailures),
            "commit_failures": Int(counters.commitFailures),
        ]
        for (reason, count) in counters.dropped { named["dropped_\(reason.rawValue)"] = Int(count) }
        return named
    }
}
