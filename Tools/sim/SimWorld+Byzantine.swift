import Chain
import Consensus
import Crypto
import Primitives

/// What Byzantine validators remember between messages.
struct ByzantineState {
    /// Most votes a replaying aggregator keeps.
    static let replayVotesMax = 512

    /// An equivocating proposer's second block and signed proposal, per (height, round).
    var alternatives: [Slot: Proposal] = [:]
    /// A double voter's second vote per slot, so every receiver of the second half gets the same one.
    var secondVotes: [VoteTarget: Vote] = [:]
    /// Votes a replaying aggregator saw, oldest first.
    var seenVotes: [Int: [Vote]] = [:]
    /// Messages of each misbehaviour, by name.
    var actions: [String: Int] = [:]

    struct Slot: Hashable {
        let node: Int
        let height: UInt64
        let round: UInt32
    }

    mutating func count(_ action: String, _ times: Int = 1) { actions[action, default: 0] += times }
}

extension SimWorld {
    /// Whether `peer` is in the first half of the validators (the equivocator's and double
    /// voter's two audiences).
    private func inFirstHalf(_ peer: Int) -> Bool { scenario.validatorIndex(ofNode: peer) < scenario.validators / 2 }

    /// Extra delay a delaying aggregator adds to what it passes on.
    static let aggregatorDelayMs: ClosedRange<UInt64> = 200...1_500

    /// What `node` really sends to `destination` instead of `message`, each with an extra
    /// delay: the message itself for honest nodes (and twins, which run honest code).
    func filterOutgoing(_ message: ConsensusMessage, from node: SimNode, to destination: Int) -> [(ConsensusMessage, UInt64)] {
        guard node.index < scenario.validators, let role = scenario.byzantine[node.index] else { return [(message, 0)] }
        switch role {
        case .twin:
            return [(message, 0)]
        case .silent:
            byzantine.count("silent_dropped")
            return []
        case .equivocator:
            guard case let .proposal(proposal) = message, !inFirstHalf(destination),
                let alternative = alternative(to: proposal, by: node)
            else { return [(message, 0)] }
            byzantine.count("equivocated_proposals")
            return [(.proposal(alternative), 0)]
        case .doubleVoter:
            guard case let .vote(vote) = message, !inFirstHalf(destination), let second = secondVote(to: vote, by: node) else {
                return [(message, 0)]
            }
            byzantine.count("double_votes")
            return [(.vote(second), 0)]
        case let .aggregator(mode):
            switch message {
            case .aggregate, .certificate:
                switch mode {
                case .drop:
                    return [(message, 0)]
                case .delay:
                    byzantine.count("aggregator_delayed")
                    return [(message, random.uint64(in: Self.aggregatorDelayMs))]
                case .withhold:
                    byzantine.count("aggregator_withheld")
                    return []
                case .replay:
                    // Sends it twice: now and again later, as a stale copy.
                    byzantine.count("aggregator_replayed")
                    return [(message, 0), (message, random.uint64(in: Self.aggregatorDelayMs))]
                }
            default:
                return [(message, 0)]
            }
        }
    }

    /// What a Byzantine node lets its engine see: a dropping aggregator discards the votes
    /// sent to it (so it never merges them); a replaying one remembers them.
    func filterIncoming(_ message: ConsensusMessage, at node: SimNode) -> ConsensusMessage? {
        guard node.index < scenario.validators, case let .aggregator(mode) = scenario.byzantine[node.index], case let .vote(vote) = message
        else { return message }
        switch mode {
        case .drop:
            byzantine.count("aggregator_dropped_votes")
            return nil
        case .replay:
            var seen = byzantine.seenVotes[node.index, default: []]
            if seen.count >= ByzantineState.replayVotesMax { seen.removeFirst(seen.count - ByzantineState.replayVotesMax + 1) }
            seen.append(vote)
            byzantine.seenVotes[node.index] = seen
            return message
        case .delay, .withhold:
            return message
        }
    }

    /// A replaying aggregator sends a few old votes to random validators.
    func replayVotes(from index: Int) {
        guard nodes[index].isUp, let seen = byzantine.seenVotes[index], !seen.isEmpty else { return }
        for _ in 0..<min(seen.count, 8) {
            let vote = random.pick(seen)
            let destination = random.int(in: 0...(nodes.count - 1))
            guard destination != index else { continue }
            byzantine.count("replayed_votes")
            send(.vote(vote), from: index, to: destination)
        }
    }

    /// The equivocator's second proposal for this slot: a different block (one millisecond
    /// later, so a different header) with the same parent, signed by the same key.
    private func alternative(to proposal: Proposal, by node: SimNode) -> Proposal? {
        let slot = ByzantineState.Slot(node: node.index, height: proposal.height, round: proposal.round)
        if let known = byzantine.alternatives[slot] { return known }
        guard var application = node.engine?.application, application.committedHeight + 1 == proposal.height else { return nil }
        let suite = genesis.config.suite
        let lastCommit = proposal.height > 1 ? (try? application.committedBlock(at: proposal.height - 1))?.certificate : nil
        guard
            let block = try? application.proposeBlock(
                timestampMs: proposal.block.header.timestampMs + 1, proposer: node.key, lastCommit: lastCommit, evidence: []),
            block.header.hash(suite: suite) != proposal.block.header.hash(suite: suite)
        else { return nil }
        let hash = Proposal.signingHash(
            chainID: genesis.config.chainID, height: proposal.height, round: proposal.round, validRound: proposal.validRound,
            blockID: block.header.hash(suite: suite), suite: suite)
        guard let signature = try? suite.sign(hash.bytes, with: node.key, auxiliary: auxiliaryBytes()) else { return nil }
        let alternative = Proposal(height: proposal.height, round: proposal.round, validRound: proposal.validRound, block: block, signature: signature)
        byzantine.alternatives[slot] = alternative
        return alternative
    }

    /// The double voter's second vote for this slot: for the equivocator's other block when
    /// there is one, else for nil (or, for a nil vote, for a block that does not exist).
    private func secondVote(to vote: Vote, by node: SimNode) -> Vote? {
        if let known = byzantine.secondVotes[vote.target] { return known }
        let suite = genesis.config.suite
        // Sorted by node: dictionary order differs between processes.
        let other = byzantine.alternatives.filter { $0.key.height == vote.target.height && $0.key.round == vote.target.round }
            .min { $0.key.node < $1.key.node }
        var blockID: Hash256? = nil
        if let other, other.value.block.header.hash(suite: suite) != vote.target.blockID {
            blockID = other.value.block.header.hash(suite: suite)
        } else if vote.target.blockID == nil {
            blockID = suite.hash(.vote, Array("lodestone-sim phantom block".utf8) + vote.target.canonicalBytes)
        }
        let target = VoteTarget(
            chainID: vote.target.chainID, height: vote.target.height, round: vote.target.round, phase: vote.target.phase, blockID: blockID)
        guard let signature = try? suite.sign(target.signingHash(suite: suite).bytes, with: node.key, auxiliary: auxiliaryBytes()) else {
            return nil
        }
        let second = Vote(target: target, validatorIndex: vote.validatorIndex, signature: signature)
        byzantine.secondVotes[vote.target] = second
        return second
    }

    /// 32 bytes from the world's generator: Byzantine signatures replay byte for byte.
    private func auxiliaryBytes() -> [UInt8] {
        (0..<4).flatMap { _ in withUnsafeBytes(of: random.next().littleEndian, Array.init) }
    }
}
