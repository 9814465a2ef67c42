import Chain
import Crypto
import Primitives
import Testing

@testable import Consensus

/// The "Bad input": each message is dropped and counted under its reason, and the
/// engine's state (round, step, lock, votes, proposals, safety record, chain) is unchanged.
@Suite struct ConsensusBadInputTests {
    /// Node 0 of four at height 1, round 0, waiting for the proposal of validator 1.
    static func node(configuration: ConsensusConfiguration = Cluster.defaultConfiguration) -> SingleNode {
        let node = SingleNode(index: 0, configuration: configuration)
        node.engine.start()
        return node
    }

    static func expectDropped(
        _ reason: ConsensusDropReason, times: UInt64 = 1, node: SingleNode = node(), from sender: Int = 1,
        _ messages: (SingleNode) -> [ConsensusMessage], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = node.engine.fingerprint
        let sentBefore = node.transport.sent.count
        let droppedBefore = node.engine.counters.dropped(reason)
        for message in messages(node) { node.receive(message, from: sender) }
        #expect(node.engine.counters.dropped(reason) - droppedBefore == times, "\(node.engine.counters.dropped)", sourceLocation: sourceLocation)
        #expect(node.engine.fingerprint == before, sourceLocation: sourceLocation)
        #expect(node.transport.sent.count == sentBefore, sourceLocation: sourceLocation)
    }

    static func signature(_ node: SingleNode, _ validator: Int) -> Signature {
        node.vote(validator, round: 0, .prevote, nil).signature
    }

    // MARK: Proposals

    @Test func proposalWithAnInvalidBlock() {
        Self.expectDropped(.invalidBlock, times: 2) { node in
            let valid = node.block(proposer: 1, timestampMs: 10)
            // Not the proposer's signature of the header: re-execution refuses the block.
            let forged = Block(
                header: valid.header, transactions: valid.transactions, cancels: valid.cancels, settlements: valid.settlements,
                signature: try! SingleNode.suite.sign(valid.header.hash(suite: SingleNode.suite).bytes, with: node.keys[2]))
            let proposal = node.proposal(forged, round: 0)
            return [.proposal(proposal), .proposal(proposal)]
        }
    }

    @Test func proposalFromANonProposer() {
        Self.expectDropped(.notProposer, from: 2) { node in
            [.proposal(node.proposal(node.block(proposer: 2, timestampMs: 10), round: 0, signer: 2))]
        }
    }

    @Test func proposalWithABadSignature() {
        Self.expectDropped(.badProposalSignature) { node in
            [.proposal(node.proposal(node.block(proposer: 1, timestampMs: 10), round: 0, signer: 2))]
        }
    }

    @Test func proposalWithAProofRoundNotBeforeItsRound() {
        Self.expectDropped(.malformedProposal) { node in
            [.proposal(node.proposal(node.block(proposer: 1, timestampMs: 10), round: 0, validRound: 0))]
        }
    }

    @Test func secondDifferentProposalForARound() {
        let node = Self.node()
        node.receive(.proposal(node.proposal(node.block(proposer: 1, timestampMs: 10), round: 0)))
        Self.expectDropped(.conflictingProposal, node: node) { node in
            [.proposal(node.proposal(node.block(proposer: 1, timestampMs: 20), round: 0))]
        }
    }

    // MARK: Votes

    @Test func voteWithABadSignature() {
        Self.expectDropped(.badSignature) { node in
            let vote = node.vote(2, round: 0, .prevote, nil)
            return [.vote(Vote(target: vote.target, validatorIndex: 2, signature: Self.signature(node, 3)))]
        }
    }

    @Test func voteFromANonValidatorIndex() {
        Self.expectDropped(.unknownValidator) { node in
            let vote = node.vote(2, round: 0, .prevote, nil)
            return [.vote(Vote(target: vote.target, validatorIndex: 9, signature: vote.signature))]
        }
    }

    @Test func votesForOtherHeightsRoundsAndChains() {
        Self.expectDropped(.futureHeight) { node in [.vote(node.vote(2, round: 0, .prevote, nil, height: 5))] }
        Self.expectDropped(.staleHeight) { node in [.vote(node.vote(2, round: 0, .prevote, nil, height: 0))] }
        Self.expectDropped(.roundTooFar) { node in [.vote(node.vote(2, round: 100, .prevote, nil))] }
        let other = try! Hash256(bytes: [UInt8](repeating: 0xEE, count: 32))
        Self.expectDropped(.wrongChain) { node in [.vote(node.vote(2, round: 0, .prevote, nil, chainID: other))] }
    }

    @Test func replayedVote() {
        let node = Self.node()
        let vote = node.vote(2, round: 0, .prevote, nil)
        node.receive(.vote(vote), from: 2)
        Self.expectDropped(.duplicate, times: 3, node: node) { _ in [.vote(vote), .vote(vote), .vote(vote)] }
    }

    @Test func nextHeightIsBufferedWithinItsLimit() {
        var configuration = Cluster.defaultConfiguration
        configuration.futureMessagesMax = 2
        let node = Self.node(configuration: configuration)
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, nil, height: 2))) }
        #expect(node.engine.future.count == 2)
        Self.expectDropped(.futureHeight, node: node) { node in [.vote(node.vote(3, round: 0, .prevote, nil, height: 2))] }
    }

    @Test func roundsKeptAreBounded() {
        var configuration = Cluster.defaultConfiguration
        configuration.roundsKeptMax = 2
        let node = Self.node(configuration: configuration)
        // One validator (less than 1/3 of the stake) in rounds 1…4: no skip, at most two rounds kept.
        for round in UInt32(1)...4 { node.receive(.vote(node.vote(1, round: round, .prevote, nil))) }
        #expect(Set(node.engine.voteSets.keys.map(\.round)).count <= 2)
        #expect(node.engine.status.round == 0)
    }

    // MARK: Certificates

    static func certificate(_ node: SingleNode, bitmap: [UInt8], signers: [Int], height: UInt64 = 1) -> Certificate {
        let target = VoteTarget(chainID: node.chainID, height: height, round: 0, phase: .prevote, blockID: nil)
        return Certificate(
            target: target, bitmap: bitmap,
            signatures: signers.map { try! Vote.signed(target, index: UInt16($0), key: node.keys[$0], suite: SingleNode.suite).signature })
    }

    @Test func certificateWithAForgedBitmap() {
        // Bits for 1 and 2, signatures of 1 and 3.
        Self.expectDropped(.badSignature) { node in [.certificate(Self.certificate(node, bitmap: [0b0110], signers: [1, 3]))] }
    }

    @Test func certificateWithAShortOrOverlongBitmap() {
        Self.expectDropped(.malformedCertificate) { node in [.certificate(Self.certificate(node, bitmap: [], signers: [1]))] }
        Self.expectDropped(.unknownValidator) { node in [.certificate(Self.certificate(node, bitmap: [0b1_0010], signers: [1, 2]))] }
        Self.expectDropped(.malformedCertificate) { node in [.certificate(Self.certificate(node, bitmap: [0b0110], signers: [1]))] }
        Self.expectDropped(.malformedCertificate) { node in [.certificate(Self.certificate(node, bitmap: [0], signers: []))] }
    }

    @Test func certificateForAnotherHeightAndAggregateToANonRoot() {
        Self.expectDropped(.futureHeight) { node in [.certificate(Self.certificate(node, bitmap: [0b0110], signers: [1, 2], height: 9))] }
        // Four validators vote flat: nobody is a root.
        Self.expectDropped(.notRoot) { node in [.aggregate(Self.certificate(node, bitmap: [0b0110], signers: [1, 2]))] }
    }

    @Test func replayedCertificate() {
        let node = Self.node()
        let certificate = Self.certificate(node, bitmap: [0b0110], signers: [1, 2])
        node.receive(.certificate(certificate))
        #expect(node.engine.voteSets[RoundPhase(round: 0, phase: .prevote)]?.votes.count == 2)
        Self.expectDropped(.duplicate, node: node) { _ in [.certificate(certificate)] }
    }

    @Test func oversizedAndMalformedBytesAreRefusedBeforeTheEngine() {
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode([UInt8](repeating: 2, count: ConsensusMessage.encodedBytesMax + 1)) }
        let node = SingleNode()
        var bytes = ConsensusMessage.vote(node.vote(1, round: 0, .prevote, nil)).canonicalBytes
        bytes.removeLast()
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode(bytes) }
        #expect(throws: ConsensusError.self) { try ConsensusMessage.decode(bytes + [0, 0]) }
    }

    // MARK: Evidence, sync, others

    @Test func evidenceThatDoesNotConflictOrIsNotAValidator() {
        Self.expectDropped(.invalidEvidence) { node in
            let vote = node.vote(2, round: 0, .prevote, nil)
            return [.evidence(Evidence(validator: node.keys[2].publicKey, vote, vote))]
        }
        Self.expectDropped(.invalidEvidence) { node in
            let a = node.vote(2, round: 0, .prevote, nil)
            let b = node.vote(2, round: 0, .prevote, try! Hash256(bytes: [UInt8](repeating: 1, count: 32)))
            return [.evidence(Evidence(validator: ConsensusFixture.trader.publicKey, a, b))]
        }
    }

    @Test func blocksNobodyCanUse() {
        Self.expectDropped(.unexpectedBlocks) { _ in [.blocks([])] }
        let node = Self.node()
        let block = node.block(proposer: 1, timestampMs: 10)
        let target = VoteTarget(chainID: node.chainID, height: 1, round: 0, phase: .precommit, blockID: node.id(block))
        // Two of four precommits: no quorum.
        let weak = Certificate(
            target: target, setSize: 4,
            signatures: Dictionary(uniqueKeysWithValues: [1, 2].map { (UInt16($0), try! Vote.signed(target, index: UInt16($0), key: node.keys[$0], suite: SingleNode.suite).signature) }))
        Self.expectDropped(.badCommittedBlock, node: node) { _ in [.blocks([CommittedBlock(block: block, certificate: weak)])] }
    }

    @Test func floodOfBlockRequestsIsRateLimited() {
        let node = Self.node()
        Self.expectDropped(.nothingToServe, times: 50, node: node) { _ in Array(repeating: .blockRequest(fromHeight: 1, countMax: 4), count: 50) }
        // Decide height 1, then ask for it 50 times at once: one answer.
        let block = node.block(proposer: 1, timestampMs: 10)
        node.receive(.proposal(node.proposal(block, round: 0)))
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .prevote, node.id(block)))) }
        for validator in [1, 2] { node.receive(.vote(node.vote(validator, round: 0, .precommit, node.id(block)))) }
        #expect(node.engine.application.committedHeight == 1)
        for _ in 0..<50 { node.receive(.blockRequest(fromHeight: 1, countMax: 4), from: 3) }
        #expect(node.engine.counters.syncBlocksServed == 1)
        #expect(node.engine.counters.dropped(.rateLimited) == 49)
    }

    @Test func statusFloodFromTooManyPeers() {
        var configuration = Cluster.defaultConfiguration
        configuration.peersTrackedMax = 6
        let node = Self.node(configuration: configuration)
        let status = PeerStatus(chainID: node.chainID, height: 0, round: 0)
        for byte in UInt8(0xC0)..<0xC8 { node.engine.receive(.status(status), from: ConsensusFixture.key(byte).publicKey) }
        #expect(node.engine.counters.dropped(.tooManyPeers) == 2)
        #expect(node.engine.status.peerHeights.count == 6)
    }

    @Test func forwardIsNotTheEnginesMessage() {
        Self.expectDropped(.notConsensus) { _ in [.forward(transactions: [], cancels: [])] }
    }
}
