import Chain
import Crypto
import Primitives
import Storage
import Testing

@testable import Consensus

@Suite struct ConsensusSafetyTests {
    @Test func lockedValidatorPrevotesNilForAnotherBlockUntilANewerQuorum() {
        let node = SingleNode(index: 0)
        #expect(node.proposer(round: 0) != 0 && node.proposer(round: 1) != 0)
        node.engine.start()
        let first = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(first, round: 0)))
        #expect(node.ownVotes.last?.target.blockID == node.id(first))
        // More than 2/3 prevote `first`: the node locks on it and precommits it.
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, node.id(first)))) }
        #expect(node.engine.status.lockedRound == 0)
        #expect(
            node.ownVotes.last?.target == VoteTarget(chainID: node.chainID, height: 1, round: 0, phase: .precommit, blockID: node.id(first))
        )
        // The others precommit nil (they timed out): round 1 after the precommit timeout.
        for validator in [1, 2, 3] { node.receive(.vote(node.vote(validator, round: 0, .precommit, nil))) }
        node.advance(node.engine.configuration.precommitTimeout(round: 0))
        #expect(node.engine.status.round == 1)
        // Round 1 proposes another block with no proof of a newer quorum: locked, so nil.
        let second = node.block(proposer: node.proposer(round: 1), timestampMs: 20)
        node.receive(.proposal(node.proposal(second, round: 1)), from: node.proposer(round: 1))
        let prevote = node.ownVotes.last
        #expect(prevote?.target.round == 1 && prevote?.target.phase == .prevote && prevote?.target.blockID == nil)
        #expect(node.engine.status.lockedRound == 0)
        // A newer quorum (round 1 prevotes for `second`) moves the lock, as Tendermint allows:
        // still in the prevote step, the node locks on `second` and precommits it.
        for validator in [1, 2, 3] { node.receive(.vote(node.vote(validator, round: 1, .prevote, node.id(second)))) }
        #expect(node.engine.status.lockedRound == 1 && node.engine.lockedBlockID == node.id(second))
        #expect(
            node.ownVotes.last?.target
                == VoteTarget(chainID: node.chainID, height: 1, round: 1, phase: .precommit, blockID: node.id(second)))
        // No decision in round 1; round 2's proposer re-proposes `second` with its proof round.
        node.receive(.vote(node.vote(1, round: 1, .precommit, nil)))
        node.receive(.vote(node.vote(2, round: 1, .precommit, nil)))
        node.advance(node.engine.configuration.precommitTimeout(round: 1))
        #expect(node.engine.status.round == 2)
        let proposerTwo = node.proposer(round: 2)
        #expect(proposerTwo != 0)
        node.receive(.proposal(node.proposal(second, round: 2, validRound: 1)), from: proposerTwo)
        #expect(
            node.ownVotes.last?.target == VoteTarget(chainID: node.chainID, height: 1, round: 2, phase: .prevote, blockID: node.id(second)))
        #expect(node.engine.counters.wouldEquivocate == 0)
    }

    @Test func nodeFarBehindInRoundsSkipsOnVotesOfMoreThanAThird() {
        let node = SingleNode(index: 0)
        node.engine.start()
        let far = node.engine.configuration.roundsAheadMax + 6
        node.receive(.vote(node.vote(1, round: far, .prevote, nil)))
        // One validator (a quarter of the stake) is not enough, and the vote is not kept.
        #expect(node.engine.status.round == 0)
        #expect(node.engine.counters.dropped(.roundTooFar) == 1)
        node.receive(.vote(node.vote(2, round: far + 3, .prevote, nil)), from: 2)
        // Two of four are more than 1/3: skip to the lower of their rounds, where both are.
        #expect(node.engine.status.round == far)
        #expect(node.engine.counters.roundChanges == 1)
    }

    @Test func restartedValidatorResendsItsVoteAndRefusesAConflictingOne() {
        let store = MemorySafetyStore()
        let node = SingleNode(index: 0, store: store)
        node.engine.start()
        let block = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(block, round: 0)))
        let prevote = node.ownVotes.last
        #expect(prevote?.target.blockID == node.id(block))
        // The record was synced before the vote left.
        #expect(node.transport.sent.filter { if case .vote = $0.message { true } else { false } }.allSatisfy { $0.savesBefore >= 1 })

        // Crash and restart over the same store, before the proposal is seen again.
        let restarted = SingleNode(index: 0, store: store)
        restarted.engine.start()
        #expect(restarted.engine.status.step == .prevote)
        #expect(restarted.ownVotes.contains(prevote!))
        // The propose timeout would prevote nil in a fresh round: the record refuses it.
        restarted.engine.castVote(.prevote, nil)
        #expect(restarted.engine.counters.wouldEquivocate == 1)
        #expect(restarted.ownVotes.allSatisfy { $0.target.blockID == node.id(block) })
        // A proposal at an earlier slot is refused too.
        #expect(!store.loadRecord.permitsProposal(height: 1, round: 0, blockID: node.id(block)))
    }

    /// A validator that precommitted a block and crashed before committing it is locked on
    /// that block after the restart: without the block kept with the lock, the height could
    /// never finish (no commit on a precommit quorum, no re-proposal), which is how a lone
    /// validator killed between its precommit and its commit stayed stuck.
    @Test func restartedLockedValidatorKeepsItsBlockCommitsItAndReProposesIt() throws {
        let store = MemorySafetyStore()
        let node = SingleNode(index: 0, store: store)
        node.engine.start()
        let block = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(block, round: 0)))
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, node.id(block)))) }
        #expect(node.engine.lockedBlockID == node.id(block))
        // The lock's block was synced with the record that names it, before the precommit left.
        #expect((try? store.loadLockedBlock()) == block)
        #expect(store.loadRecord.lockedBlockID == node.id(block))

        // The disk as the crash left it, for a second restart below.
        let disk = MemorySafetyStore()
        try disk.saveSafetyRecord(store.loadRecord, lockedBlock: block)
        // Crash before the commit; restart over the same store.
        let restarted = SingleNode(index: 0, store: store)
        restarted.engine.start()
        #expect(restarted.engine.lockedBlockID == node.id(block))
        #expect(restarted.engine.blocks[node.id(block)] == block)
        // Precommits from two others plus its own restored one: the block is committed.
        for validator in [1, 2] { restarted.receive(.vote(restarted.vote(validator, round: 0, .precommit, node.id(block)))) }
        #expect(restarted.engine.application.committedHeight == 1)

        // Another restart that sees no decision: as the proposer of a later round it
        // re-proposes the locked block with the lock's round as its proof round.
        let again = SingleNode(index: 0, store: disk)
        again.engine.start()
        var round: UInt32 = 0
        while again.proposer(round: round) != 0 || round <= 0 { round += 1 }
        for validator in [1, 2, 3] { again.receive(.vote(again.vote(validator, round: round, .prevote, nil)), from: validator) }
        #expect(again.engine.status.round == round)
        let proposals = again.transport.sent.compactMap { if case .proposal(let p) = $0.message { p } else { nil } }
        let reProposal = proposals.last { $0.round == round }
        #expect(reProposal?.validRound == 0)
        #expect(reProposal?.block == block)
        #expect(again.engine.counters.wouldEquivocate == 0)
    }

    @Test func safetyRecordRules() {
        let node = SingleNode()
        let a = try! Hash256(bytes: [UInt8](repeating: 1, count: 32))
        let b = try! Hash256(bytes: [UInt8](repeating: 2, count: 32))
        var record = SafetyRecord(height: 0, round: 0, lastSigned: nil, lockedRound: nil, lockedBlockID: nil)
        let prevoteA = node.vote(0, round: 2, .prevote, a, height: 5)
        #expect(record.permission(for: prevoteA.target) == .sign)
        record.record(prevoteA)
        #expect(record.permission(for: prevoteA.target) == .resend(prevoteA))
        #expect(record.permission(for: node.vote(0, round: 2, .prevote, b, height: 5).target) == .refuse)
        #expect(record.permission(for: node.vote(0, round: 1, .precommit, a, height: 5).target) == .refuse)
        #expect(record.permission(for: node.vote(0, round: 0, .prevote, a, height: 4).target) == .refuse)
        #expect(record.permission(for: node.vote(0, round: 2, .precommit, b, height: 5).target) == .sign)
        record.record(node.vote(0, round: 2, .precommit, nil, height: 5))
        // After a precommit, no prevote in that round, whatever the block.
        #expect(record.permission(for: prevoteA.target) == .refuse)
        #expect(record.permission(for: node.vote(0, round: 3, .prevote, b, height: 5).target) == .sign)
    }

    @Test func keyValueSafetyStoreRoundTripsOverMemoryStore() throws {
        let node = SingleNode()
        let memory = MemoryStore()
        let store = KeyValueSafetyStore(store: memory)
        #expect(try store.loadSafetyRecord() == nil)
        let block = node.block(proposer: 1, timestampMs: 10)
        let id = node.id(block)
        var record = SafetyRecord(height: 7, round: 3, lastSigned: nil, lockedRound: 2, lockedBlockID: id)
        record.record(node.vote(0, round: 3, .prevote, id, height: 7))
        record.record(node.vote(0, round: 3, .precommit, id, height: 7))
        record.proposedBlockID = id
        try store.saveSafetyRecord(record, lockedBlock: nil)
        #expect(try store.loadSafetyRecord() == record)
        #expect(try store.loadLockedBlock() == nil)
        #expect(try memory.get([0x73]) != nil)
        #expect(try memory.scan(prefix: []).count == 1)
        // The locked block goes in the same write, under `sb`; a save without one keeps it.
        try store.saveSafetyRecord(record, lockedBlock: block)
        try store.saveSafetyRecord(record, lockedBlock: nil)
        #expect(try store.loadLockedBlock() == block)
        #expect(try memory.get([0x73, 0x62]) == block.canonicalBytes)
        #expect(try memory.scan(prefix: []).count == 2)
        // A record the store cannot read is refused, not guessed.
        try memory.put([0x73], [9, 9])
        #expect(throws: ConsensusError.self) { try store.loadSafetyRecord() }
    }

    @Test func doubleVoterProducesEvidenceOnceThatGoesIntoAProposal() {
        let node = SingleNode(index: 0)
        node.engine.start()
        let one = node.id(node.block(proposer: 1, timestampMs: 10))
        let two = node.id(node.block(proposer: 1, timestampMs: 20))
        let first = node.vote(2, round: 0, .prevote, one)
        let second = node.vote(2, round: 0, .prevote, two)
        node.receive(.vote(first), from: 2)
        node.receive(.vote(second), from: 2)
        node.receive(.vote(second), from: 3)
        #expect(node.engine.counters.evidence == 1)
        let evidence = Evidence(validator: node.keys[2].publicKey, first, second)
        #expect(node.engine.evidencePending == [evidence])
        let broadcasts = node.transport.sent.filter { $0.message == .evidence(evidence) }
        #expect(broadcasts.count == 3)
        #expect((try? evidence.verify(suite: SingleNode.suite)) != nil)
        // Votes of round 3 from more than 1/3 of the stake: skip to round 3, where node 0 proposes.
        #expect(node.proposer(round: 3) == 0)
        node.receive(.vote(node.vote(1, round: 3, .prevote, nil)))
        node.receive(.vote(node.vote(3, round: 3, .prevote, nil)))
        #expect(node.engine.status.round == 3)
        #expect(node.engine.application.proposeCalls.last?.evidence == [evidence])
        #expect(node.engine.counters.roundChanges == 1)
    }

    /// A proposer re-proposing its valid value sends the proof round's prevote quorum first:
    /// validators that lost those prevotes (seed 7 with every fault: a partition and loss)
    /// would otherwise prevote nil for ever, and the locked ones never unlock.
    @Test func reProposalCarriesItsProofOfLockQuorum() {
        let node = SingleNode(index: 0)
        #expect(node.proposer(round: 0) != 0 && node.proposer(round: 3) == 0)
        node.engine.start()
        let first = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        node.receive(.proposal(node.proposal(first, round: 0)), from: node.proposer(round: 0))
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, node.id(first)))) }
        #expect(node.engine.status.lockedRound == 0)
        // More than 1/3 is in round 3: the node skips there and re-proposes `first`.
        node.receive(.vote(node.vote(1, round: 3, .prevote, nil)))
        node.receive(.vote(node.vote(3, round: 3, .prevote, nil)))
        #expect(node.engine.status.round == 3)
        let sent = node.transport.sent.map(\.message)
        guard let proposalAt = sent.firstIndex(where: { if case .proposal(let p) = $0 { p.round == 3 } else { false } }) else {
            Issue.record("no round-3 proposal")
            return
        }
        guard case .proposal(let proposal) = sent[proposalAt] else { return }
        #expect(proposal.validRound == 0 && node.id(proposal.block) == node.id(first))
        let proofs = sent[..<proposalAt].compactMap { message -> Certificate? in
            if case .certificate(let certificate) = message { certificate } else { nil }
        }
        let target = VoteTarget(chainID: node.chainID, height: 1, round: 0, phase: .prevote, blockID: node.id(first))
        #expect(proofs.count == 3 && proofs.allSatisfy { $0.target == target && $0.signerIndices == [0, 1, 2] })
        #expect(proofs.allSatisfy { (try? $0.verify(against: node.set, suite: SingleNode.suite, requireQuorum: true)) != nil })
    }

    /// A validator that saw a double voter's other vote first still counts its vote for the
    /// block: the quorum is real (signatures of more than 2/3), so the node locks and precommits.
    @Test func doubleVotersVoteStillCountsTowardItsBlocksQuorum() {
        let node = SingleNode(index: 0)
        node.engine.start()
        let block = node.block(proposer: node.proposer(round: 0), timestampMs: 10)
        // Validator 3 signs nil and the block; this node hears nil first.
        node.receive(.vote(node.vote(3, round: 0, .prevote, nil)), from: 3)
        node.receive(.proposal(node.proposal(block, round: 0)), from: node.proposer(round: 0))
        node.receive(.vote(node.vote(1, round: 0, .prevote, node.id(block))))
        #expect(node.engine.status.lockedRound == nil)
        node.receive(.vote(node.vote(3, round: 0, .prevote, node.id(block))), from: 3)
        #expect(node.engine.counters.evidence == 1)
        #expect(node.engine.status.lockedRound == 0 && node.engine.lockedBlockID == node.id(block))
        #expect(
            node.ownVotes.last?.target == VoteTarget(chainID: node.chainID, height: 1, round: 0, phase: .precommit, blockID: node.id(block))
        )
        // Each validator counts once toward "more than 2/3 voted anything".
        let voted = [0, 1, 3].reduce(UInt64(0)) { $0 + node.set.members[$1].stake }
        #expect(node.engine.voteSets[RoundPhase(round: 0, phase: .prevote)]?.totalStake == voted)
    }
}

extension MemorySafetyStore {
    var loadRecord: SafetyRecord {
        (try? loadSafetyRecord()) ?? SafetyRecord(height: 0, round: 0, lastSigned: nil, lockedRound: nil, lockedBlockID: nil)
    }
}
