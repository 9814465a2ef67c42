import Chain
import Crypto
import Primitives

extension ConsensusEngine {
    /// The proposer's turn: the valid value if there is one (Tendermint), else a new block
    /// from the application with the last commit certificate and pending evidence.
    func propose() {
        guard let key, ownProposal?.proposal.round != round else { return }
        let block: Block
        var proofRound: UInt32?
        if let validRound, let validBlockID, let valid = blocks[validBlockID] {
            block = valid
            proofRound = validRound
        } else if let lockedBlockID, let lockedRound {
            // Locked after a restart (the valid value is not kept, the locked block is):
            // anything else would be prevoted nil by this validator itself.
            guard let locked = blocks[lockedBlockID] else { return }
            if lockedRound < round {
                block = locked
                proofRound = lockedRound
            } else if locked.header.proposer == key.publicKey {
                block = locked  // this round's own block, proposed before the restart
            } else {
                return
            }
        } else {
            // One item per validator: a block punishes each at most once.
            var evidence: [Evidence] = []
            for item in pendingEvidence where !evidence.contains(where: { $0.validator == item.validator }) { evidence.append(item) }
            do {
                block = try application.proposeBlock(timestampMs: clock.nowMs(), proposer: key, lastCommit: lastCommit, evidence: evidence)
            } catch {
                counters.proposeFailures += 1
                guard !evidence.isEmpty else { return }
                // The chain refused some of it (punished already, or its validator gone):
                // evidence must never stop this validator from proposing.
                pendingEvidence.removeAll()
                evidence = []
                do {
                    block = try application.proposeBlock(timestampMs: clock.nowMs(), proposer: key, lastCommit: lastCommit, evidence: [])
                } catch { return }
            }
        }
        let blockID = block.header.hash(suite: suite)
        guard safety.permitsProposal(height: height, round: round, blockID: blockID) else {
            counters.wouldEquivocate += 1
            return
        }
        let message = Proposal.signingHash(
            chainID: chainID, height: height, round: round, validRound: proofRound, blockID: blockID, suite: suite)
        let signature: Signature
        do { signature = try suite.signDeterministically(message.bytes, with: key) } catch {
            counters.proposeFailures += 1
            return
        }
        var record = safety
        record.recordProposal(height: height, round: round, blockID: blockID)
        guard persist(record) else { return }
        let proposal = Proposal(height: height, round: round, validRound: proofRound, block: block, signature: signature)
        let own = StoredProposal(proposal: proposal, blockID: blockID)
        ownProposal = own
        broadcastOwnProposal(own)
        // The application built it: no need to re-execute own blocks.
        verdicts[blockID] = true
        accept(proposal, blockID: blockID)
    }

    /// Sends this node's proposal to the validators (first and on every retransmit). A
    /// re-proposal is prevoted only by those holding its proof round's quorum; votes of an old
    /// round are never resent otherwise, so the quorum goes first (Tendermint's POL gossip).
    func broadcastOwnProposal(_ own: StoredProposal) {
        if let proof = proofOfLock(for: own.proposal, blockID: own.blockID) { broadcastToValidators(.certificate(proof)) }
        broadcastToValidators(.proposal(own.proposal))
    }

    /// The prevote quorum of a re-proposal's proof round as a certificate: what lets a
    /// validator that missed those prevotes (loss, a partition, a restart) prevote the
    /// re-proposed value instead of nil. Nil for a fresh block or without the quorum.
    func proofOfLock(for proposal: Proposal, blockID: Hash256) -> Certificate? {
        guard let proofRound = proposal.validRound, let set = voteSets[RoundPhase(round: proofRound, phase: .prevote)],
            set.stake(for: blockID) >= validators.quorumStake
        else { return nil }
        let target = VoteTarget(chainID: chainID, height: height, round: proofRound, phase: .prevote, blockID: blockID)
        return Certificate(target: target, setSize: validators.count, signatures: set.signatures(for: blockID))
    }

    /// Saves the safety record (with `lockedBlock` when the lock moved to it) before anything
    /// it covers leaves; false (counted) if it fails.
    func persist(_ record: SafetyRecord, lockedBlock: Block? = nil) -> Bool {
        do { try store.saveSafetyRecord(record, lockedBlock: lockedBlock) } catch {
            counters.safetyStoreFailures += 1
            return false
        }
        safety = record
        return true
    }

    func accept(_ proposal: Proposal, blockID: Hash256) {
        proposals[proposal.round] = StoredProposal(proposal: proposal, blockID: blockID)
        blocks[blockID] = proposal.block
        if firstProposalSeenMs == nil { firstProposalSeenMs = clock.nowMs() }
        trimRounds()
    }

    /// Checks a proposal from the cheapest test to the dearest (the signature, then
    /// re-executing the block, at most `proposalChecksPerRoundMax` times a round).
    func handleProposal(_ proposal: Proposal, from peer: PublicKey) {
        let header = proposal.block.header
        guard
            admit(
                chainID: header.chainID, height: proposal.height, round: proposal.round, message: .proposal(proposal), from: peer,
                serveStale: true)
        else { return }
        guard header.height == proposal.height, proposal.validRound.map({ $0 < proposal.round }) ?? true else {
            return drop(.malformedProposal)
        }
        // The round's proposer signs the proposal. A fresh block is its own; a re-proposed
        // valid value (with a proof-of-lock round) may have been built by an earlier proposer.
        let proposerKey = validators.members[Int(validators.proposer(height: height, round: proposal.round))].key
        guard proposal.validRound != nil || header.proposer == proposerKey else { return drop(.notProposer) }
        let blockID = header.hash(suite: suite)
        if let existing = proposals[proposal.round] {
            return drop(existing.blockID == blockID ? .duplicate : .conflictingProposal)
        }
        let message = Proposal.signingHash(
            chainID: chainID, height: height, round: proposal.round, validRound: proposal.validRound, blockID: blockID, suite: suite)
        guard suite.verify(proposal.signature, of: message.bytes, by: proposerKey) else { return drop(.badProposalSignature) }
        switch verdicts[blockID] {
        case .some(true): break
        case .some(false): return drop(.invalidBlock)
        case nil:
            guard proposalChecks[proposal.round, default: 0] < configuration.proposalChecksPerRoundMax else {
                return drop(.conflictingProposal)
            }
            proposalChecks[proposal.round, default: 0] += 1
            do { try application.verifyBlock(proposal.block) } catch {
                verdicts[blockID] = false
                return drop(.invalidBlock)
            }
            verdicts[blockID] = true
        }
        accept(proposal, blockID: blockID)
    }
}
