import Consensus
import Crypto

extension NodeStatus {
    /// Where the node is in consensus and what its network carried (docs/OPERATIONS.md,
    /// consensus): nil when read from a stopped node's folder.
    public struct Consensus: Codable, Sendable, Equatable {
        /// `validator` or `follower`.
        public var role: String
        /// The height being decided (last committed + 1), its round and step.
        public var height: UInt64
        public var round: UInt32
        public var step: String
        /// Whether this node votes now (its key is in the validator set).
        public var voting: Bool
        /// From the first proposal seen to the commit, for the last height committed by
        /// consensus; nil before the first.
        public var lastFinalityLatencyMs: UInt64?
        /// Each peer's last reported committed height and its traffic, peers in node.json order.
        public var peers: [Peer]
        /// The engine's counters (`commits`, `round_changes`, `flat_fallbacks`, `evidence`,
        /// `sync_requests`, `sync_blocks_committed`, ..., `dropped.<reason>`, `sent.<kind>`,
        /// `received.<kind>`) and the network's `unattributed` drops, by name.
        public var counters: [String: UInt64]

        /// One peer of the consensus network.
        public struct Peer: Codable, Sendable, Equatable {
            /// The peer's signing key (hex).
            public var key: String
            /// Its last reported committed height; nil before its first status.
            public var height: UInt64?
            /// What its connection carried; nil for a peer this node has no lane for.
            public var traffic: ConsensusPeerTraffic?
        }

        enum CodingKeys: String, CodingKey {
            case role, height, round, step, voting, peers, counters
            case lastFinalityLatencyMs = "last_finality_latency_ms"
        }
    }
}

extension NodeStatus.Consensus {
    init(role: ConsensusSettings.Role, status: ConsensusStatus, counters: ConsensusCounters, network: ConsensusNetwork?) {
        self.role = role.rawValue
        height = status.height
        round = status.round
        step = status.step.rawValue
        voting = status.isValidator
        lastFinalityLatencyMs = status.lastFinalityLatencyMs
        let heights = Dictionary(status.peerHeights.map { ($0.peer, $0.height) }, uniquingKeysWith: max)
        let lanes = network?.lanes ?? []
        let traffic = network?.counters.peers ?? []
        var peers = lanes.enumerated().map { lane, key in
            Peer(key: key.description, height: heights[key], traffic: lane < traffic.count ? traffic[lane] : nil)
        }
        for entry in status.peerHeights where !lanes.contains(entry.peer) {
            peers.append(Peer(key: entry.peer.description, height: entry.height, traffic: nil))
        }
        self.peers = peers
        self.counters = Self.flatten(counters, unattributed: network?.counters.unattributed)
    }

    /// The engine's counters by stable name.
    static func flatten(_ counters: ConsensusCounters, unattributed: UInt64?) -> [String: UInt64] {
        var flat: [String: UInt64] = [
            "commits": counters.commits, "round_changes": counters.roundChanges, "flat_fallbacks": counters.flatFallbacks,
            "evidence": counters.evidence, "evidence_received": counters.evidenceReceived, "would_equivocate": counters.wouldEquivocate,
            "timeouts": counters.timeouts, "sync_requests": counters.syncRequests, "sync_blocks_committed": counters.syncBlocksCommitted,
            "sync_blocks_served": counters.syncBlocksServed, "safety_store_failures": counters.safetyStoreFailures,
            "propose_failures": counters.proposeFailures, "commit_failures": counters.commitFailures,
            "dropped": counters.droppedTotal, "sent": counters.sentTotal,
        ]
        for (reason, count) in counters.dropped { flat["dropped.\(reason.rawValue)"] = count }
        for (kind, count) in counters.sent { flat["sent.\(kind)"] = count }
        for (kind, count) in counters.received { flat["received.\(kind)"] = count }
        if let unattributed { flat["unattributed"] = unattributed }
        return flat
    }
}
