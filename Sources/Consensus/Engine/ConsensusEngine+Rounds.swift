import Chain
import Crypto
import Primitives

extension ConsensusEngine {
    /// Starts deciding `newHeight`: fresh round state, the validator set of that height, and,
    /// when the safety record is at this height, its round, lock and signed votes.
    func enterHeight(_ newHeight: UInt64) {
        height = newHeight
        round = 0
        step = .propose
        validators = application.validatorSet
        ownIndex = key.flatMap { validators.index(of: $0.publicKey) }
        lockedRound = nil
        lockedBlockID = nil
        validRound = nil
        validBlockID = nil
        proposals = [:]
        blocks = [:]
        verdicts = [:]
        proposalChecks = [:]
        voteSets = [:]
        ownVotes = [:]
        ownProposal = nil
        prevoteWaitScheduled = []
        precommitWaitScheduled = []
        lockRuleDone = []
        aggregation = [:]
        rootSent = [:]
        relayed = []
        fallbackSent = []
        tree = nil
        syncHintPeer = nil
        highestRoundSeen = [:]
        timers.removeAll()
        heightStartMs = clock.nowMs()
        firstProposalSeenMs = nil
        pendingEvidence.removeAll { $0.height &+ configuration.evidenceHeightsMax < newHeight }

        var resumeRound: UInt32 = 0
        if safety.height == newHeight {
            resumeRound = safety.round
            lockedRound = safety.lockedRound
            lockedBlockID = safety.lockedBlockID
            // The lock's block, saved with it: the height can finish (a precommit quorum
            // commits it, a later proposal by this validator re-proposes it).
            if let block = restoredLockedBlock, let lockedBlockID { blocks[lockedBlockID] = block }
        }
        restoredLockedBlock = nil
        round = resumeRound  // resuming is not a round change
        startRound(resumeRound)
        if safety.height == newHeight, safety.round == resumeRound {
            // Signed before a restart: count and resend those votes as they were.
            for vote in [safety.prevote, safety.precommit].compactMap({ $0 }) {
                ownVotes[RoundPhase(round: vote.target.round, phase: vote.target.phase)] = vote
                _ = addVerifiedVote(vote, countDrops: false)
                step = vote.target.phase == .prevote ? .prevote : .precommit
            }
            if safety.precommit != nil { step = .precommit }
            retransmit()
        }

        let buffered = future
        future = []
        for item in buffered { process(item.message, from: item.peer) }
    }

    /// Tendermint's StartRound: the proposer proposes (in round 0 no earlier than the block
    /// interval after the last commit) and everyone waits for the proposal.
    func startRound(_ newRound: UInt32) {
        if newRound > round { counters.roundChanges += 1 }
        round = newRound
        step = .propose
        let now = clock.nowMs()
        timers.removeAll { $0.round < newRound && $0.kind != .syncHint }
        tree = nil
        if newRound == 0, validators.count > configuration.flatValidatorsMax {
            tree = AggregationTree(height: height, round: 0, set: validators, suite: suite)
        }
        trimRounds()
        var delay: UInt64 = 0
        // The interval runs from the previous block's proposal (its timestamp), not from its
        // commit: the time a height spends in votes is not added to every block's wait. A
        // timestamp ahead of this clock counts from the commit, as before.
        let previousMs = min(lastCommitMs, lastBlockTimestampMs ?? lastCommitMs)
        if newRound == 0, previousMs + configuration.blockIntervalMs > now { delay = previousMs + configuration.blockIntervalMs - now }
        if key != nil, let ownIndex, validators.proposer(height: height, round: newRound) == ownIndex {
            if delay > 0 { schedule(.proposeNow, at: now + delay) } else { propose() }
        }
        schedule(.timeoutPropose, at: now + delay + configuration.proposeTimeout(round: newRound))
    }

    func schedule(_ kind: ConsensusTimer.Kind, at deadlineMs: UInt64, round timerRound: UInt32? = nil) {
        let timer = ConsensusTimer(deadlineMs: deadlineMs, height: height, round: timerRound ?? round, kind: kind)
        guard !timers.contains(where: { $0.height == timer.height && $0.round == timer.round && $0.kind == timer.kind }) else { return }
        timers.append(timer)
    }

    func fire(_ timer: ConsensusTimer) {
        guard timer.height == height else { return }
        switch timer.kind {
        case .proposeNow:
            if timer.round == round, step == .propose { propose() }
        case .timeoutPropose:
            guard timer.round == round, step == .propose else { return }
            counters.timeouts += 1
            step = .prevote
            castVote(.prevote, nil)
        case .timeoutPrevote:
            guard timer.round == round, step == .prevote else { return }
            counters.timeouts += 1
            retransmit()
            step = .precommit
            castVote(.precommit, nil)
        case .timeoutPrecommit:
            guard timer.round == round else { return }
            counters.timeouts += 1
            retransmit()
            startRound(round + 1)
        case .aggregate(let phase):
            flushAggregate(RoundPhase(round: timer.round, phase: VotePhase(phase)))
        case .fallback(let phase):
            fallBackToFlat(RoundPhase(round: timer.round, phase: VotePhase(phase)))
        case .syncHint:
            guard let peer = syncHintPeer else { return }
            syncHintPeer = nil
            guard peerHeights[peer] != nil || peerHeights.count < configuration.peersTrackedMax else { return }
            peerHeights[peer] = max(peerHeights[peer] ?? 0, height)
            requestBlocksIfBehind(from: peer)
        }
    }

    /// Keeps at most `roundsKeptMax` rounds of votes: the oldest go first, except the rounds
    /// the lock and the valid value rest on, the current one and its proposal's proof round.
    ///
    /// Runs on every new round and proposal, so it reads the keys in place (a key path on
    /// this generic engine's types is built at run time on every use, most of this function's
    /// cost once) and rebuilds `blocks` only when one is no longer needed.
    func trimRounds() {
        var rounds = Set(proposals.keys)
        for roundPhase in voteSets.keys { rounds.insert(roundPhase.round) }
        while rounds.count > configuration.roundsKeptMax {
            // The current proposal's proof round too: its prevotes decide whether to prevote it.
            let proofRound = proposals[round]?.proposal.validRound
            guard let oldest = rounds.sorted().first(where: { $0 != lockedRound && $0 != validRound && $0 != round && $0 != proofRound })
            else { return }
            rounds.remove(oldest)
            voteSets = voteSets.filter { $0.key.round != oldest }
            ownVotes = ownVotes.filter { $0.key.round != oldest }
            proposals[oldest] = nil
        }
        // Blocks (up to 64 MiB each) only while a kept proposal, the lock or the valid value needs them.
        let isNeeded = { (id: Hash256) in
            id == self.lockedBlockID || id == self.validBlockID || self.proposals.values.contains { $0.blockID == id }
        }
        if blocks.keys.contains(where: { !isNeeded($0) }) { blocks = blocks.filter { isNeeded($0.key) } }
    }

    /// Runs Tendermint's rules until none fires (each firing changes the step, the round or
    /// the height, or marks a "first time" rule done, so this ends; 256 firings at most).
    /// A pass that fires nothing changes nothing, so the loop stops at the first one (a
    /// `where` clause here once ran all 256 passes on every message and timer).
    func evaluate() {
        guard started else { return }
        for _ in 0..<256 {
            guard applyRule() else { return }
        }
    }

    /// Applies the first rule whose condition holds; false if none does.
    private func applyRule() -> Bool {
        // Read once: the validator set changes only when a commit starts a new height, and
        // that returns at once.
        let quorum = validators.quorumStake
        if commitIfDecided(quorum: quorum) { return true }
        if let skip = roundToSkipTo() {
            startRound(skip)
            return true
        }
        let prevotes = voteSets[RoundPhase(round: round, phase: .prevote)]
        let current = proposals[round]
        if step == .propose, let stored = current {
            let id = stored.blockID
            if let proofRound = stored.proposal.validRound {
                // Re-proposal of a value that had a prevote quorum in `proofRound`.
                if proofRound < round, (voteSets[RoundPhase(round: proofRound, phase: .prevote)]?.stake(for: id) ?? 0) >= quorum {
                    let acceptable = lockedRound.map { $0 <= proofRound } ?? true || lockedBlockID == id
                    step = .prevote
                    castVote(.prevote, acceptable ? id : nil)
                    return true
                }
            } else {
                step = .prevote
                castVote(.prevote, lockedRound == nil || lockedBlockID == id ? id : nil)
                return true
            }
        }
        if step == .prevote, (prevotes?.totalStake ?? 0) >= quorum, prevoteWaitScheduled.insert(round).inserted {
            schedule(.timeoutPrevote, at: clock.nowMs() + configuration.prevoteTimeout(round: round))
            return true
        }
        if step != .propose, let stored = current, (prevotes?.stake(for: stored.blockID) ?? 0) >= quorum,
            lockRuleDone.insert(round).inserted
        {
            validRound = round
            validBlockID = stored.blockID
            if step == .prevote {
                lockedRound = round
                lockedBlockID = stored.blockID
                step = .precommit
                castVote(.precommit, stored.blockID)
            }
            return true
        }
        if step == .prevote, (prevotes?.stake(for: nil) ?? 0) >= quorum {
            step = .precommit
            castVote(.precommit, nil)
            return true
        }
        if (voteSets[RoundPhase(round: round, phase: .precommit)]?.totalStake ?? 0) >= quorum,
            precommitWaitScheduled.insert(round).inserted
        {
            schedule(.timeoutPrecommit, at: clock.nowMs() + configuration.precommitTimeout(round: round))
            return true
        }
        return false
    }

    /// The highest later round in which validators with more than 1/3 of the stake voted.
    private func roundToSkipTo() -> UInt32? {
        // Each validator's highest round of a verified vote (kept or too far ahead to keep),
        // updated as votes arrive: nothing to sort unless someone is ahead of this round.
        guard highestRoundSeen.values.contains(where: { $0 > round }) else { return nil }
        let highest = highestRoundSeen.filter { $0.value > round }
        // The highest round R such that validators at R or beyond hold more than 1/3 of the
        // stake: at least one honest validator got that far, so waiting below is pointless.
        var stake: UInt64 = 0
        for (index, seen) in highest.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            stake += validators.members[Int(index)].stake
            if stake >= validators.oneThirdStake { return seen }
        }
        return nil
    }

    /// Commits the block of any round with a precommit quorum, if this node has that block.
    private func commitIfDecided(quorum: UInt64) -> Bool {
        // The sets' running tallies tell at once whether any round is decided.
        guard voteSets.contains(where: { $0.key.phase == .precommit && $0.value.value(withStake: quorum) != nil }) else { return false }
        for roundPhase in voteSets.keys.filter({ $0.phase == .precommit }).sorted() {
            guard let set = voteSets[roundPhase], case .some(.some(let blockID)) = set.value(withStake: quorum),
                let block = blocks[blockID]
            else { continue }
            let target = VoteTarget(chainID: chainID, height: height, round: roundPhase.round, phase: .precommit, blockID: blockID)
            let certificate = Certificate(target: target, setSize: validators.count, signatures: set.signatures(for: blockID))
            do { try application.commit(block, certificate: certificate) } catch {
                counters.commitFailures += 1
                return false
            }
            counters.commits += 1
            let now = clock.nowMs()
            lastFinalityLatencyMs = now - min(now, firstProposalSeenMs ?? heightStartMs)
            finishHeight(block, certificate: certificate)
            return true
        }
        return false
    }

    /// After a commit (by consensus or sync): remember the certificate for the next block,
    /// drop the evidence the block carried, and go on with the next height.
    func finishHeight(_ block: Block, certificate: Certificate) {
        lastCommit = certificate
        lastCommitMs = clock.nowMs()
        lastBlockTimestampMs = block.header.timestampMs
        relayCommitIfAggregator(certificate)
        // A validator is punished once: evidence against one the block punished is spent.
        let punished = Set(block.evidence.map(\.validator))
        pendingEvidence.removeAll { punished.contains($0.validator) }
        enterHeight(application.committedHeight + 1)
        announceCommit(block, certificate: certificate)
    }
}

extension VotePhase {
    init(_ key: VotePhaseKey) { self = key == .prevote ? .prevote : .precommit }
    var key: VotePhaseKey { self == .prevote ? .prevote : .precommit }
}
