/// The faults a seed can draw (or a flag can force).
enum Fault: String, CaseIterable, Comparable {
    case delay, loss, duplication, reordering, partition, crash
    /// A Byzantine proposer that sends two different blocks to two halves.
    case equivocation
    /// A Byzantine validator that signs prevotes and precommits for two blocks.
    case doubleVote = "double-vote"
    /// A Byzantine validator that sends nothing.
    case silent
    /// Two honest engines sharing one validator key and a copy of its safety store.
    case twins
    /// Byzantine aggregators that drop, delay, withhold or replay votes (n ≥ 10, tree in round 0).
    case aggregator
    /// Seeded vote/unvote transactions and short epochs, so the set changes at boundaries.
    case elections
    /// Every honest validator loses power at one moment and they come back one by one (some
    /// locked on a block they precommitted but never committed).
    case blackout

    static func < (lhs: Fault, rhs: Fault) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Faults that make a validator Byzantine (each takes one of the f allowed).
    var isByzantine: Bool { [.equivocation, .doubleVote, .silent, .twins, .aggregator].contains(self) }
}

/// How a Byzantine aggregator misbehaves with the votes it should merge and pass on.
enum AggregatorMode: String, CaseIterable {
    case drop, delay, withhold, replay
}

/// What one Byzantine validator does.
enum ByzantineRole: Equatable, CustomStringConvertible {
    case equivocator
    case doubleVoter
    case silent
    case aggregator(AggregatorMode)
    /// The validator runs twice (the twin is an extra node with the same key).
    case twin

    var description: String {
        switch self {
        case .equivocator: "equivocator"
        case .doubleVoter: "double-voter"
        case .silent: "silent"
        case .aggregator(let mode): "aggregator-\(mode.rawValue)"
        case .twin: "twin"
        }
    }
}

/// One timed fault: a partition that forms and heals, or a crash and its restart.
struct FaultWindow<Detail: Equatable>: Equatable {
    let startMs: UInt64
    let endMs: UInt64
    let detail: Detail
}

/// Everything a seed decided before the run starts: the cluster, the network and the
/// timeline of faults. Drawn from its own generator, so the same seed draws the same world.
struct Scenario: Equatable, CustomStringConvertible {
    static let validatorCounts = [4, 5, 7, 10]
    /// Faults happen in [0, faultsEndMsMax) at most.
    static let faultsEndMsMax: UInt64 = 8_000

    let seed: UInt64
    let validators: Int
    let faults: [Fault]
    let profile: NetworkProfile
    /// Validator index → role, for at most f = (n - 1) / 3 validators.
    let byzantine: [Int: ByzantineRole]
    let partitions: [FaultWindow<Partition>]
    /// Node index → crash (start) and restart (end).
    let crashes: [FaultWindow<Int>]
    /// When the last fault heals (network calm, partitions gone, crashed nodes back).
    let healMs: UInt64
    /// Standby candidates (elections): extra nodes after the twins, honest, outside the genesis set.
    let standbys: Int
    /// Heights every honest node must reach (at least; more if the cluster was ahead at healing).
    let heights: UInt64

    var f: Int { (validators - 1) / 3 }
    /// Validators with a twin, in index order; twin k is node `validators + k`.
    var twinned: [Int] { byzantine.keys.sorted().filter { byzantine[$0] == .twin } }
    var nodeCount: Int { validators + twinned.count + standbys }

    /// The candidate whose key node `node` runs: validators 0..<n, standbys n… (twins run
    /// their validator's key).
    func validatorIndex(ofNode node: Int) -> Int {
        if node < validators { return node }
        if node < validators + twinned.count { return twinned[node - validators] }
        return validators + (node - validators - twinned.count)
    }

    /// Whether node `node` runs honest code for a validator no Byzantine role touches, so the
    /// end-of-seed checks (progress, agreement, conservation) hold for it. Twins run honest
    /// code but share a key, so they are checked for safety only.
    func isHonest(node: Int) -> Bool {
        if node >= validators + twinned.count { return true }
        return node < validators && byzantine[node] == nil
    }

    var description: String {
        let roles = byzantine.keys.sorted().map { "\($0):\(byzantine[$0]!)" }.joined(separator: ",")
        return "n=\(validators) faults=\(faults.map(\.rawValue).joined(separator: "+")) byzantine=[\(roles)] "
            + "standbys=\(standbys) partitions=\(partitions.count) crashes=\(crashes.count) heal=\(healMs)ms heights=\(heights) \(profile)"
    }

    /// Draws a scenario for `seed`. `forced` names the faults to use instead of drawing them;
    /// `validators` forces n; `heights` forces the target height.
    static func draw(seed: UInt64, forced: [Fault]? = nil, validators forcedValidators: Int? = nil, heights forcedHeights: UInt64? = nil)
        -> Scenario
    {
        var random = SimRandom(seed: seed)
        var faults: [Fault]
        if let forced {
            faults = forced
        } else {
            // One to three faults, each equally likely; a few seeds run calm.
            let count = random.int(in: 0...3)
            faults = Array(random.shuffled(Fault.allCases).prefix(count))
        }
        faults.sort()
        var n = forcedValidators ?? random.pick(validatorCounts)
        // The tree is used in round 0 only past the flat limit (8), so aggregators need n ≥ 10.
        if faults.contains(.aggregator), forcedValidators == nil { n = max(n, 10) }
        let f = (n - 1) / 3

        var profile = NetworkProfile(delayMinMs: 1, delayMaxMs: random.uint64(in: 5...20))
        for fault in faults {
            switch fault {
            case .delay:
                profile.slowPerMille = random.int(in: 100...400)
                profile.slowExtraMs = random.uint64(in: 100...1_500)
            case .loss: profile.lossPerMille = random.int(in: 20...NetworkProfile.lossPerMilleMax)
            case .duplication: profile.duplicatePerMille = random.int(in: 50...400)
            case .reordering:
                profile.reorderPerMille = random.int(in: 100...500)
                profile.reorderWindowMs = random.uint64(in: 20...300)
            default: break
            }
        }

        // Byzantine roles: the forced or drawn Byzantine faults share the f slots.
        var byzantine: [Int: ByzantineRole] = [:]
        let byzantineFaults = faults.filter(\.isByzantine)
        if f > 0, !byzantineFaults.isEmpty {
            let slots = random.shuffled(Array(0..<n)).prefix(random.int(in: max(1, min(f, byzantineFaults.count))...f))
            for (offset, validator) in slots.enumerated() {
                switch byzantineFaults[offset % byzantineFaults.count] {
                case .equivocation: byzantine[validator] = .equivocator
                case .doubleVote: byzantine[validator] = .doubleVoter
                case .silent: byzantine[validator] = .silent
                case .twins: byzantine[validator] = .twin
                default: byzantine[validator] = .aggregator(random.pick(AggregatorMode.allCases))
                }
            }
        }

        var partitions: [FaultWindow<Partition>] = []
        var crashes: [FaultWindow<Int>] = []
        var healMs: UInt64 =
            faults.contains { [.delay, .loss, .duplication, .reordering].contains($0) }
            ? random.uint64(in: 2_000...faultsEndMsMax) : 0
        if faults.contains(.partition) {
            var at = random.uint64(in: 200...1_500)
            for _ in 0..<random.int(in: 1...3) {
                let length = random.uint64(in: 500...2_500)
                guard at + length <= faultsEndMsMax else { break }
                let order = random.shuffled(Array(0..<n))
                let cut = random.int(in: 1...(n - 1))
                partitions.append(
                    FaultWindow(
                        startMs: at, endMs: at + length,
                        detail: Partition(groups: [Array(order[..<cut]).sorted(), Array(order[cut...]).sorted()])))
                at += length + random.uint64(in: 100...1_000)
            }
        }
        if faults.contains(.crash) {
            // Honest validators crash (at most f at a time, so the rest can still finalize).
            let honest = (0..<n).filter { byzantine[$0] == nil }
            for node in random.shuffled(honest).prefix(random.int(in: 1...max(1, f))) {
                let start = random.uint64(in: 100...4_000)
                let end = start + random.uint64(in: 300...3_000)
                crashes.append(FaultWindow(startMs: start, endMs: min(end, faultsEndMsMax), detail: node))
            }
        }
        if faults.contains(.blackout) {
            // Beyond the f bound for liveness until they are back, never for safety: every
            // honest validator stops at once and restarts over its disk, one by one.
            let start = random.uint64(in: 100...4_000)
            for node in (0..<n) where byzantine[node] == nil {
                crashes.append(FaultWindow(startMs: start, endMs: min(start + random.uint64(in: 50...1_500), faultsEndMsMax), detail: node))
            }
        }
        crashes.sort { ($0.startMs, $0.detail) < ($1.startMs, $1.detail) }
        healMs = max(healMs, partitions.map(\.endMs).max() ?? 0, crashes.map(\.endMs).max() ?? 0)
        // Larger clusters cost more per height; keep a seed's work bounded.
        let heights = forcedHeights ?? UInt64(n >= 10 ? random.int(in: 4...6) : random.int(in: 5...9))
        // Elections: one or two standby candidates, and enough heights to cross two epoch
        // boundaries (the set changes at each).
        let standbys = faults.contains(.elections) ? random.int(in: 1...2) : 0
        let electionHeights = faults.contains(.elections) ? SimGenesis.electionEpochBlocks * 2 + 1 : 0
        return Scenario(
            seed: seed, validators: n, faults: faults, profile: profile, byzantine: byzantine, partitions: partitions,
            crashes: crashes, healMs: healMs, standbys: standbys, heights: forcedHeights ?? max(heights, electionHeights))
    }
}
