import Chain
import Crypto
import Primitives

extension ConsensusEngine {
    /// Sends a vote of this validator: to its aggregator in a tree round (and sets the
    /// deadline for falling back to flat), to every validator otherwise.
    func route(_ vote: Vote) {
        guard let tree, vote.target.round == 0 else { return broadcastToValidators(.vote(vote)) }
        let aggregator = tree.aggregator(of: vote.validatorIndex)
        if aggregator != ownIndex { send(.vote(vote), toIndex: aggregator) }
        schedule(.fallback(vote.target.phase.key), at: clock.nowMs() + configuration.treeFallbackMs, round: 0)
    }

    /// Bookkeeping after a new vote counted: an aggregator collects its group's votes for the
    /// root; the root sends certificates down once a phase has a quorum.
    func voteAdded(_ vote: Vote, roundPhase: RoundPhase) {
        guard let tree, roundPhase.round == 0, let ownIndex else { return }
        if tree.root == ownIndex {
            disseminate(roundPhase, tree: tree)
            return
        }
        guard tree.aggregator(of: vote.validatorIndex) == ownIndex, let group = tree.group(aggregatedBy: ownIndex) else { return }
        var pending = aggregation[roundPhase] ?? PendingAggregate()
        pending.unsent[vote.validatorIndex] = vote
        aggregation[roundPhase] = pending
        if pending.unsent.count + pending.sentCount >= tree.members(ofGroup: group).count {
            flushAggregate(roundPhase)
        } else {
            schedule(.aggregate(roundPhase.phase.key), at: clock.nowMs() + configuration.aggregateWaitMs, round: 0)
        }
    }

    /// Sends the group's unsent votes up to the root, one aggregate per block voted.
    func flushAggregate(_ roundPhase: RoundPhase) {
        guard let tree, roundPhase.round == 0, var pending = aggregation[roundPhase], !pending.unsent.isEmpty else { return }
        var byBlock: [Hash256?: [UInt16: Signature]] = [:]
        for (index, vote) in pending.unsent { byBlock[vote.target.blockID, default: [:]][index] = vote.signature }
        var targets = VoteSet()
        for vote in pending.unsent.values { _ = targets.add(vote, stake: 1) }
        for blockID in targets.blockIDs {
            let target = VoteTarget(chainID: chainID, height: height, round: 0, phase: roundPhase.phase, blockID: blockID)
            let aggregate = Certificate(target: target, setSize: validators.count, signatures: byBlock[blockID] ?? [:])
            send(.aggregate(aggregate), toIndex: tree.root)
        }
        pending.sentCount += pending.unsent.count
        pending.unsent = [:]
        aggregation[roundPhase] = pending
    }

    /// The root's certificates down: every block voted once the phase has a quorum, and a
    /// block again when it first reaches a quorum itself.
    private func disseminate(_ roundPhase: RoundPhase, tree: AggregationTree) {
        guard let set = voteSets[roundPhase] else { return }
        let quorum = validators.quorumStake
        guard set.totalStake >= quorum else { return }
        var sent = rootSent[roundPhase] ?? [:]
        for blockID in set.blockIDs {
            let hasQuorum = set.stake(for: blockID) >= quorum
            if let wasQuorum = sent[blockID], wasQuorum || !hasQuorum { continue }
            sent[blockID] = hasQuorum
            let target = VoteTarget(chainID: chainID, height: height, round: 0, phase: roundPhase.phase, blockID: blockID)
            let certificate = Certificate(target: target, setSize: validators.count, signatures: set.signatures(for: blockID))
            for index in tree.rootTargets { send(.certificate(certificate), toIndex: index) }
        }
        rootSent[roundPhase] = sent
    }

    /// An aggregator passes the root's certificates (already verified) on to its group, once each.
    func relayIfAggregator(_ certificate: Certificate, from peer: PublicKey) {
        guard let tree, let ownIndex, certificate.target.round == 0, Int(tree.root) < validators.count,
            validators.members[Int(tree.root)].key == peer, relayed.count < 4 * configuration.roundsKeptMax,
            relayed.insert(certificate).inserted
        else { return }
        for index in tree.relayTargets(of: ownIndex) { send(.certificate(certificate), toIndex: index) }
    }

    /// No quorum by the deadline in a tree round: this validator's vote goes to everyone.
    func fallBackToFlat(_ roundPhase: RoundPhase) {
        guard roundPhase.round == round, let vote = ownVotes[roundPhase],
            (voteSets[roundPhase]?.totalStake ?? 0) < validators.quorumStake, fallbackSent.insert(roundPhase).inserted
        else { return }
        counters.flatFallbacks += 1
        broadcastToValidators(.vote(vote))
    }
}

extension ConsensusEngine {
    /// An aggregator that commits before the root's precommit certificate reached it (it
    /// saw the quorum another way) passes its commit certificate to its group instead, so
    /// the group is never left without the decision.
    func relayCommitIfAggregator(_ certificate: Certificate) {
        guard let tree, let ownIndex, certificate.target.round == 0, tree.root != ownIndex,
            tree.group(aggregatedBy: ownIndex) != nil,
            !relayed.contains(where: { $0.target == certificate.target && signedStake($0) >= validators.quorumStake })
        else { return }
        relayed.insert(certificate)
        for index in tree.relayTargets(of: ownIndex) { send(.certificate(certificate), toIndex: index) }
    }
}

extension ConsensusEngine {
    /// The stake of a certificate's signers (already verified, or built here).
    func signedStake(_ certificate: Certificate) -> UInt64 {
        certificate.signerIndices.reduce(0) { $0 + (Int($1) < validators.count ? validators.members[Int($1)].stake : 0) }
    }
}
