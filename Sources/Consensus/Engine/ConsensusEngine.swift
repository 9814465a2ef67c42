import Chain
import Crypto
import Primitives

/// One node's BBFT consensus: Tendermint's heights, rounds and locking (arXiv 1807.04938,
/// Algorithm 1) with stake thresholds, votes routed up a two-level tree in round 0 of large
/// sets, a safety record synced before anything signed leaves, evidence of equivocation,
/// and block sync for nodes that fall behind. A node without a key is a follower: it syncs
/// and serves blocks, and never votes.
///
/// The engine has no threads, sockets or wall clock: a driver (the node, or the simulator)
/// feeds it messages with `receive`, calls `tick` when `nextDeadlineMs` has passed on the
/// injected clock, and ships what it sends through the injected transport. Every decision
/// depends only on messages and that clock. Not thread-safe: one driver thread calls it.
public final class ConsensusEngine<
    Transport: ConsensusTransport, Clock: ConsensusClock, Store: SafetyStore, Application: ConsensusApplication
> {
    public let configuration: ConsensusConfiguration
    let key: (any SigningKey)?
    let transport: Transport
    let clock: Clock
    let store: Store
    /// The chain consensus drives. The driver may mutate it between calls (its pool), never
    /// commit through it: commits are the engine's.
    public var application: Application
    /// Everyone status goes to (validators and followers), without this node.
    let peers: [PublicKey]
    let suite: any CryptoSuite
    let chainID: Hash256
    // The height being decided.
    var height: UInt64 = 0
    var round: UInt32 = 0
    var step: ConsensusStep = .propose
    var validators: ValidatorSet
    var ownIndex: UInt16?
    var lockedRound: UInt32?
    var lockedBlockID: Hash256?
    var validRound: UInt32?
    var validBlockID: Hash256?
    /// The first valid proposal of each round (a second, different one is dropped).
    var proposals: [UInt32: StoredProposal] = [:]
    /// Blocks of this height that re-executed correctly, by ID.
    var blocks: [Hash256: Block] = [:]
    /// The locked block read with the safety record at start, for `enterHeight` to restore.
    var restoredLockedBlock: Block?
    /// Re-execution verdicts by block ID (valid or not) and executions per round.
    var verdicts: [Hash256: Bool] = [:]
    var proposalChecks: [UInt32: Int] = [:]
    var voteSets: [RoundPhase: VoteSet] = [:]
    /// This validator's votes and proposal at this height, for retransmission.
    var ownVotes: [RoundPhase: Vote] = [:]
    var ownProposal: StoredProposal?
    /// Tendermint's "for the first time" rules, by round.
    var prevoteWaitScheduled: Set<UInt32> = []
    var precommitWaitScheduled: Set<UInt32> = []
    var lockRuleDone: Set<UInt32> = []
    /// Per validator, the highest round of any verified vote at this height (kept, or too far
    /// ahead to keep): enough for the f+1 round skip however far behind this node fell
    /// (bounded by the set size).
    var highestRoundSeen: [UInt16: UInt32] = [:]
    var heightStartMs: UInt64 = 0
    var firstProposalSeenMs: UInt64?

    // Round-0 tree routing at this height.
    var tree: AggregationTree?
    var aggregation: [RoundPhase: PendingAggregate] = [:]
    var rootSent: [RoundPhase: [Hash256?: Bool]] = [:]
    var relayed: Set<Certificate> = []
    var fallbackSent: Set<RoundPhase> = []

    // Across heights.
    var safety: SafetyRecord
    var timers: [ConsensusTimer] = []
    var nextStatusMs: UInt64 = 0
    /// Status intervals so far, and where this node's status rotation starts (from its key).
    var statusTicks: UInt64 = 0
    let statusOffset: UInt64
    /// When each peer behind was last sent a status back (bounded by `peersTrackedMax`).
    var statusRepliedMs: [PublicKey: UInt64] = [:]
    var lastCommitMs: UInt64 = 0
    /// The last committed block's timestamp (its proposer's clock when it built it).
    var lastBlockTimestampMs: UInt64?
    var lastCommit: Certificate?
    var lastFinalityLatencyMs: UInt64?
    var pendingEvidence: [Evidence] = []
    let seenEvidence: BoundedSet<Evidence>
    var future: [(message: ConsensusMessage, peer: PublicKey)] = []
    var peerHeights: [PublicKey: UInt64] = [:]
    var syncInFlight: (peer: PublicKey, sentMs: UInt64)?
    /// A peer seen sending messages for the next height (so it committed this one).
    var syncHintPeer: PublicKey?
    var lastServedMs: [PublicKey: UInt64] = [:]
    var started = false

    public internal(set) var counters = ConsensusCounters()

    /// Immutable, so a reference: the rules look it up several times per message, and a
    /// value would copy the whole proposal (its block's arrays) on every lookup.
    final class StoredProposal {
        let proposal: Proposal
        let blockID: Hash256

        init(proposal: Proposal, blockID: Hash256) {
            self.proposal = proposal
            self.blockID = blockID
        }
    }

    /// An aggregator's votes of its group not yet sent up, for one (round, phase).
    struct PendingAggregate {
        var unsent: [UInt16: Vote] = [:]
        var sentCount = 0
    }

    /// Creates an engine over the application's committed state. `key` nil makes a follower.
    /// Reads the safety record (so a restarted validator resumes where it signed last).
    public init(
        configuration: ConsensusConfiguration, key: (any SigningKey)?, transport: Transport, clock: Clock, store: Store,
        application: Application, peers: [PublicKey]
    ) throws(ConsensusError) {
        try configuration.validate()
        self.configuration = configuration
        self.key = key
        self.transport = transport
        self.clock = clock
        self.store = store
        self.application = application
        suite = application.suite
        chainID = application.chainID
        var unique: [PublicKey] = []
        for peer in peers where peer != key?.publicKey && !unique.contains(peer) { unique.append(peer) }
        guard unique.count <= configuration.peersTrackedMax else {
            throw .configuration(reason: "\(unique.count) peers, more than peersTrackedMax \(configuration.peersTrackedMax)")
        }
        self.peers = unique
        // FNV-1a of the key: a fixed, spread-out start for the status rotation.
        statusOffset = (key?.publicKey.bytes ?? []).reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        validators = application.validatorSet
        safety = try store.loadSafetyRecord() ?? SafetyRecord(height: 0, round: 0, lastSigned: nil, lockedRound: nil, lockedBlockID: nil)
        if let lockedBlockID = safety.lockedBlockID, let block = try store.loadLockedBlock(),
            block.header.height == safety.height, block.header.hash(suite: suite) == lockedBlockID
        {
            restoredLockedBlock = block
        }
        seenEvidence = BoundedSet(capacity: configuration.evidencePendingMax * 16)
        lastCommitMs = clock.nowMs()
    }

    /// Enters the next height (at the recorded round after a restart) and sends a status.
    public func start() {
        guard !started else { return }
        started = true
        // After a restart the next block still needs the tip's commit certificate.
        if application.committedHeight > 0 {
            lastCommit = (try? application.committedBlock(at: application.committedHeight))?.certificate
        }
        enterHeight(application.committedHeight + 1)
        nextStatusMs = clock.nowMs()
        tick()
    }

    /// Handles one message from `peer`. Never throws: anything wrong is dropped and counted
    /// in `counters.dropped`, and leaves the state as it was.
    public func receive(_ message: ConsensusMessage, from peer: PublicKey) {
        counters.received[message.kind, default: 0] += 1
        guard started else { return }
        process(message, from: peer)
        evaluate()
    }

    /// Fires every timer due at `clock.nowMs()`.
    public func tick() {
        guard started else { return }
        let now = clock.nowMs()
        if now >= nextStatusMs {
            nextStatusMs = now + configuration.statusIntervalMs
            statusTick(now: now)
        }
        // Firing may schedule more timers that are due already; each pass removes what it fires.
        for _ in 0..<64 {
            let due = timers.filter { $0.deadlineMs <= now }.sorted()
            if due.isEmpty { break }
            timers.removeAll { $0.deadlineMs <= now }
            for timer in due { fire(timer) }
            evaluate()
        }
        evaluate()
    }

    /// When `tick` next has something to do.
    public var nextDeadlineMs: UInt64 {
        var next = nextStatusMs
        for timer in timers { next = min(next, timer.deadlineMs) }
        return next
    }

    public var status: ConsensusStatus {
        ConsensusStatus(
            height: height, round: round, step: step, lockedRound: lockedRound, lastFinalityLatencyMs: lastFinalityLatencyMs,
            isValidator: ownIndex != nil,
            peerHeights: peerHeights.map { PeerHeight(peer: $0.key, height: $0.value) }
                .sorted { $0.peer.bytes.lexicographicallyPrecedes($1.peer.bytes) })
    }

    /// Evidence waiting to go into a block.
    public var evidencePending: [Evidence] { pendingEvidence }

    // MARK: Dispatch

    func process(_ message: ConsensusMessage, from peer: PublicKey) {
        switch message {
        case .proposal(let proposal): handleProposal(proposal, from: peer)
        case .vote(let vote): handleVote(vote, from: peer)
        case .aggregate(let certificate): handleCertificate(certificate, from: peer, isAggregate: true)
        case .certificate(let certificate): handleCertificate(certificate, from: peer, isAggregate: false)
        case .evidence(let evidence): handleEvidence(evidence)
        case .status(let status): handleStatus(status, from: peer)
        case .blockRequest(let fromHeight, let countMax): serveBlocks(from: fromHeight, countMax: Int(countMax), to: peer, stale: false)
        case .blocks(let committed): handleBlocks(committed, from: peer)
        case .forward, .forwardMass, .forwardHeaders: drop(.notConsensus)
        }
    }

    func drop(_ reason: ConsensusDropReason) { counters.dropped[reason, default: 0] += 1 }

    /// Where a message for (`chainID`, `height`, `round`) goes: true to handle it now.
    /// Older heights are answered with their blocks, the next height is buffered, the rest dropped.
    func admit(
        chainID: Hash256, height: UInt64, round: UInt32, message: ConsensusMessage, from peer: PublicKey, serveStale: Bool
    ) -> Bool {
        guard chainID == self.chainID else {
            drop(.wrongChain)
            return false
        }
        if height < self.height {
            drop(.staleHeight)
            // A peer one height behind is usually about to commit from the same votes: serve
            // it only when it is further behind or the commit is not fresh any more.
            let fresh = height + 1 == self.height && clock.nowMs() < lastCommitMs + configuration.prevoteTimeoutMs
            if serveStale, !fresh { serveBlocks(from: height, countMax: configuration.syncBlocksPerRequest, to: peer, stale: true) }
            return false
        }
        if height == self.height + 1 {
            buffer(message, from: peer, round: round)
            return false
        }
        guard height == self.height else {
            drop(.futureHeight)
            return false
        }
        guard round <= self.round || round - self.round <= configuration.roundsAheadMax else {
            drop(.roundTooFar)
            return false
        }
        return true
    }

    private func buffer(_ message: ConsensusMessage, from peer: PublicKey, round: UInt32) {
        guard round <= configuration.roundsAheadMax else { return drop(.roundTooFar) }
        let isProposal = if case .proposal = message { true } else { false }
        let proposals = future.filter { if case .proposal = $0.message { true } else { false } }.count
        guard future.count < configuration.futureMessagesMax, !isProposal || proposals < configuration.futureProposalsMax else {
            return drop(.futureHeight)
        }
        future.append((message, peer))
        // The peer has committed this height. If this node has not either by the time a
        // prevote timeout passes, it missed the decision: ask that peer for the block.
        if syncHintPeer == nil {
            syncHintPeer = peer
            schedule(.syncHint, at: clock.nowMs() + configuration.prevoteTimeoutMs)
        }
    }

    // MARK: Sending

    func send(_ message: ConsensusMessage, to peer: PublicKey) {
        counters.sent[message.kind, default: 0] += 1
        transport.send(message, to: peer)
    }

    func send(_ message: ConsensusMessage, toIndex index: UInt16) {
        guard Int(index) < validators.count, index != ownIndex else { return }
        send(message, to: validators.members[Int(index)].key)
    }

    /// To every validator of the height but this one, in index order.
    func broadcastToValidators(_ message: ConsensusMessage) {
        for member in validators.members where member.key != key?.publicKey { send(message, to: member.key) }
    }

    /// Own votes of the current round to everyone, and the proposal if this node made it:
    /// what a lossy network needs to converge once it heals.
    func retransmit() {
        for (roundPhase, vote) in ownVotes.sorted(by: { $0.key < $1.key }) where roundPhase.round == round {
            broadcastToValidators(.vote(vote))
        }
        if let ownProposal, ownProposal.proposal.round == round { broadcastOwnProposal(ownProposal) }
    }

    /// Status goes to `statusFanout` peers per interval, in a rotation that starts at a
    /// place drawn from this node's key (so the cluster's statuses spread over all peers and
    /// every peer hears from this node within ⌈peers / fanout⌉ intervals): n × fanout
    /// messages an interval, not n². A node whose height stalls (no commit for
    /// `statusStallIntervals` intervals) tells everyone, so a lagging or partitioned node is
    /// found at once; a peer behind gets a status back (`handleStatus`), so it syncs without
    /// waiting for its turn in anyone's rotation.
    private func statusTick(now: UInt64) {
        let status = PeerStatus(chainID: chainID, height: application.committedHeight, round: round)
        let stalled = now >= heightStartMs + UInt64(configuration.statusStallIntervals) * configuration.statusIntervalMs
        if stalled || peers.count <= configuration.statusFanout {
            for peer in peers { send(.status(status), to: peer) }
        } else {
            let start = Int((statusOffset &+ statusTicks &* UInt64(configuration.statusFanout)) % UInt64(peers.count))
            for step in 0..<configuration.statusFanout { send(.status(status), to: peers[(start + step) % peers.count]) }
        }
        statusTicks &+= 1
        if now >= heightStartMs + configuration.statusIntervalMs { retransmit() }
        if let inFlight = syncInFlight, now >= inFlight.sentMs + configuration.syncRequestTimeoutMs { syncInFlight = nil }
    }

    /// The block just committed, with its certificate, then a status, to the peers that are
    /// not validators (followers): they commit it on arrival, with no request round trip and
    /// no read of the store (a follower sees the block as soon as its fastest validator
    /// commits). The status still follows, so one that could not take the block (it lags
    /// further) asks for what it misses at once.
    func announceCommit(_ block: Block, certificate: Certificate) {
        let followers = peers.filter { validators.index(of: $0) == nil }
        guard !followers.isEmpty else { return }
        let committed = ConsensusMessage.blocks([CommittedBlock(block: block, certificate: certificate)])
        let status = ConsensusMessage.status(PeerStatus(chainID: chainID, height: application.committedHeight, round: 0))
        for peer in followers {
            send(committed, to: peer)
            send(status, to: peer)
        }
    }
}
