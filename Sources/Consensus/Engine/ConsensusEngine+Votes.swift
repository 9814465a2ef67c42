import Chain
import Crypto
import Primitives

extension ConsensusEngine {
    /// Signs (or, after a restart, resends) this validator's vote for the current round,
    /// saving the safety record first; refuses, and counts, anything the record forbids.
    func castVote(_ phase: VotePhase, _ blockID: Hash256?) {
        guard let key, let ownIndex else { return }
        let target = VoteTarget(chainID: chainID, height: height, round: round, phase: phase, blockID: blockID)
        let vote: Vote
        switch safety.permission(for: target) {
        case .refuse:
            counters.wouldEquivocate += 1
            return
        case .resend(let signed):
            vote = signed
        case .sign:
            do {
                vote = Vote(
                    target: target, validatorIndex: ownIndex,
                    signature: try suite.signDeterministically(target.signingHash(suite: suite).bytes, with: key))
            } catch {
                counters.safetyStoreFailures += 1
                return
            }
            var record = safety
            record.record(vote)
            record.lockedRound = lockedRound
            record.lockedBlockID = lockedBlockID
            // A new lock takes its block to disk with the record (a restart needs the block).
            let newLock = lockedBlockID.flatMap { $0 != safety.lockedBlockID ? blocks[$0] : nil }
            guard persist(record, lockedBlock: newLock) else { return }
        }
        let roundPhase = RoundPhase(round: round, phase: phase)
        ownVotes[roundPhase] = vote
        _ = addVerifiedVote(vote, countDrops: false)
        route(vote)
    }

    /// A vote from a peer: checked (slot, index, signature) before it counts.
    func handleVote(_ vote: Vote, from peer: PublicKey) {
        let target = vote.target
        if target.chainID == chainID, target.height == height, target.round > round,
            target.round - round > configuration.roundsAheadMax, Int(vote.validatorIndex) < validators.count
        {
            // Too far ahead to keep, but a verified one still tells where its validator is.
            if (try? vote.verify(against: validators, suite: suite)) != nil {
                highestRoundSeen[vote.validatorIndex] = max(highestRoundSeen[vote.validatorIndex] ?? 0, target.round)
            }
            return drop(.roundTooFar)
        }
        guard admit(chainID: target.chainID, height: target.height, round: target.round, message: .vote(vote), from: peer, serveStale: true)
        else { return }
        guard Int(vote.validatorIndex) < validators.count else { return drop(.unknownValidator) }
        // A replay costs a lookup, not a signature check.
        if voteSets[RoundPhase(round: target.round, phase: target.phase)]?.contains(vote) == true { return drop(.duplicate) }
        do { try vote.verify(against: validators, suite: suite) } catch { return drop(.badSignature) }
        _ = addVerifiedVote(vote, countDrops: true)
    }

    /// A certificate (down the tree, or served) or an aggregate (up to the root): every
    /// signature is checked, then its votes count one by one, as if each had come alone.
    func handleCertificate(_ certificate: Certificate, from peer: PublicKey, isAggregate: Bool) {
        let target = certificate.target
        let message: ConsensusMessage = isAggregate ? .aggregate(certificate) : .certificate(certificate)
        guard admit(chainID: target.chainID, height: target.height, round: target.round, message: message, from: peer, serveStale: false)
        else { return }
        if isAggregate, tree == nil || target.round != 0 || tree?.root != ownIndex { return drop(.notRoot) }
        guard !certificate.signatures.isEmpty else { return drop(.malformedCertificate) }
        let set = voteSets[RoundPhase(round: target.round, phase: target.phase)]
        if let set, certificate.votes.allSatisfy({ set.contains($0) }) { return drop(.duplicate) }
        do { try certificate.verify(against: validators, suite: suite, requireQuorum: false) } catch {
            switch error {
            case .badSignature: return drop(.badSignature)
            case .unknownValidator: return drop(.unknownValidator)
            default: return drop(.malformedCertificate)
            }
        }
        var added = 0
        for vote in certificate.votes where addVerifiedVote(vote, countDrops: false) { added += 1 }
        if !isAggregate { relayIfAggregator(certificate, from: peer) }
        if added == 0 { drop(.duplicate) }
    }

    /// Adds a verified vote to its set; a second vote of one validator for one slot naming
    /// another block becomes evidence (and still counts for its block, within the set's
    /// bound). True if the vote was new.
    func addVerifiedVote(_ vote: Vote, countDrops: Bool) -> Bool {
        let roundPhase = RoundPhase(round: vote.target.round, phase: vote.target.phase)
        let isNewRound = !voteSets.keys.contains { $0.round == roundPhase.round }
        var set = voteSets[roundPhase] ?? VoteSet()
        let outcome = set.add(vote, stake: validators.members[Int(vote.validatorIndex)].stake)
        if case .duplicate = outcome {
        } else {
            // Where its validator got to, for the f+1 round skip (one number per validator).
            highestRoundSeen[vote.validatorIndex] = max(highestRoundSeen[vote.validatorIndex] ?? 0, roundPhase.round)
        }
        switch outcome {
        case .added:
            voteSets[roundPhase] = set
            if isNewRound { trimRounds() }
            voteAdded(vote, roundPhase: roundPhase)
            return true
        case .duplicate:
            if countDrops { drop(.duplicate) }
            return false
        case .conflict(let first, let counted):
            recordEquivocation(first, vote)
            guard counted else {
                if countDrops { drop(.equivocation) }
                return false
            }
            // Still a valid vote for its block (a quorum for a block may contain an
            // equivocator's vote); the tree's bookkeeping keeps first votes only.
            voteSets[roundPhase] = set
            return true
        }
    }

    // MARK: Evidence

    /// Two signed votes by one validator for one slot: evidence, broadcast once and kept
    /// for the next blocks this node proposes.
    func recordEquivocation(_ first: Vote, _ second: Vote) {
        let evidence = Evidence(validator: validators.members[Int(first.validatorIndex)].key, first, second)
        guard !seenEvidence.contains(evidence) else { return }
        seenEvidence.insert(evidence)
        counters.evidence += 1
        keepPending(evidence)
        broadcastToValidators(.evidence(evidence))
    }

    func handleEvidence(_ evidence: Evidence) {
        guard evidence.first.target.chainID == chainID else { return drop(.wrongChain) }
        guard !seenEvidence.contains(evidence) else { return drop(.duplicate) }
        guard evidence.height <= height, evidence.height &+ configuration.evidenceHeightsMax >= height,
            validators.index(of: evidence.validator) != nil
        else { return drop(.invalidEvidence) }
        do { try evidence.verify(suite: suite) } catch { return drop(.invalidEvidence) }
        seenEvidence.insert(evidence)
        guard keepPending(evidence) else { return }
        counters.evidenceReceived += 1
    }

    @discardableResult
    private func keepPending(_ evidence: Evidence) -> Bool {
        guard pendingEvidence.count < configuration.evidencePendingMax else {
            drop(.evidenceFull)
            return false
        }
        if !pendingEvidence.contains(evidence) { pendingEvidence.append(evidence) }
        return true
    }
}
