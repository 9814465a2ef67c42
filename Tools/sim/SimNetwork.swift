import Consensus

/// One message on the wire: its canonical bytes, so the receiver decodes it with
/// `ConsensusMessage.decode` exactly as a node does off a socket.
struct Envelope {
    let from: Int
    let to: Int
    let kind: ConsensusMessage.Kind
    let bytes: [UInt8]
}

/// What the network did, summed over a run.
struct NetworkCounters: Equatable {
    var sent = 0
    var delivered = 0
    var lost = 0
    var duplicated = 0
    var reordered = 0
    var slowed = 0
    /// Dropped because a partition separated the ends (at send or at delivery).
    var cut = 0
    /// Dropped because the receiver was down.
    var toDownNode = 0
    /// Sent, by message kind.
    var byKind: [ConsensusMessage.Kind: Int] = [:]

    mutating func add(_ other: NetworkCounters) {
        sent += other.sent
        delivered += other.delivered
        lost += other.lost
        duplicated += other.duplicated
        reordered += other.reordered
        slowed += other.slowed
        cut += other.cut
        toDownNode += other.toDownNode
        for (kind, count) in other.byKind { byKind[kind, default: 0] += count }
    }
}

/// The simulated network: decides, from its own seeded generator, when (if ever, and how
/// many times) each message arrives. It never looks at a clock of its own: the world passes
/// the virtual time in and schedules what comes out.
struct SimNetwork {
    var profile: NetworkProfile
    var partition: Partition?
    private(set) var counters = NetworkCounters()
    private var random: SimRandom

    init(profile: NetworkProfile, random: SimRandom) {
        self.profile = profile
        self.random = random
    }

    /// The arrival times of a message sent now: empty when it is lost or cut, two when it
    /// is duplicated. Counts what happened.
    mutating func route(_ envelope: Envelope, nowMs: UInt64) -> [UInt64] {
        counters.sent += 1
        counters.byKind[envelope.kind, default: 0] += 1
        if let partition, !partition.connects(envelope.from, envelope.to) {
            counters.cut += 1
            return []
        }
        if random.chance(perMille: profile.lossPerMille) {
            counters.lost += 1
            return []
        }
        var arrivals = [nowMs + delayMs()]
        if random.chance(perMille: profile.duplicatePerMille) {
            counters.duplicated += 1
            arrivals.append(nowMs + delayMs())
        }
        return arrivals
    }

    /// Whether a message arriving now still gets through (a partition may have formed while
    /// it was in flight).
    mutating func admitsDelivery(_ envelope: Envelope) -> Bool {
        if let partition, !partition.connects(envelope.from, envelope.to) {
            counters.cut += 1
            return false
        }
        counters.delivered += 1
        return true
    }

    mutating func countDownReceiver() { counters.toDownNode += 1 }

    private mutating func delayMs() -> UInt64 {
        var delay = random.uint64(in: profile.delayMinMs...max(profile.delayMinMs, profile.delayMaxMs))
        if random.chance(perMille: profile.slowPerMille) {
            counters.slowed += 1
            delay += random.uint64(in: 0...profile.slowExtraMs)
        }
        if random.chance(perMille: profile.reorderPerMille) {
            counters.reordered += 1
            delay += random.uint64(in: 0...profile.reorderWindowMs)
        }
        return delay
    }
}
