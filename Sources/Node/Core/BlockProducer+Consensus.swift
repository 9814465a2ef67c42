import Chain
import Consensus
import Crypto
import Ledger
import Primitives
import Storage

/// A block of the next height this node built or re-executed, kept until that height is
/// committed so the finalized block is not executed twice.
struct ExecutedBlock: Sendable {
    /// The block's header hash (what votes name).
    let id: Hash256
    let outcome: BlockOutcome
    /// When building or re-executing it began: the block's report times it to its commit.
    let started: ContinuousClock.Instant
}

/// The chain consensus drives: the engine decides which block is next; the producer builds
/// proposals from its pool, re-executes others' proposals and commits finalized blocks with
/// their certificates, telling the pool and the observers (feeds, reports) as for any block.
extension BlockProducer: ConsensusApplication {
    /// Most executed blocks kept for the next height: one proposal per round for the few
    /// rounds a height normally takes; an older one is executed again if it is finalized.
    static var executedMax: Int { 4 }

    public var chainID: Hash256 { state.config.chainID }
    public var suite: any CryptoSuite { state.config.suite }
    public var committedHeight: UInt64 { state.height }
    public var validatorSet: ValidatorSet { state.validatorSet }

    /// Builds block `committedHeight + 1` from the pool's candidates, signed by `proposer`.
    /// Without `lastCommit` (an engine restarted at this height never saw the tip's votes),
    /// the tip's certificate comes from the store.
    public mutating func proposeBlock(
        timestampMs: UInt64, proposer: any SigningKey, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ConsensusError) -> Block {
        do {
            var lastCommit = lastCommit
            if lastCommit == nil, state.height > 0 { lastCommit = try chainStore.certificate(at: state.height) }
            return try build(timestampMs: timestampMs, proposer: proposer, lastCommit: lastCommit, evidence: evidence)
        } catch {
            throw .chain(error)
        }
    }

    /// Re-executes `block` (`ChainState.verify`) unless this node built or checked it already.
    public mutating func verifyBlock(_ block: Block) throws(ConsensusError) {
        do { _ = try executed(block) } catch { throw .chain(error) }
    }

    /// Stores `block` with `certificate` in one synced batch, rewrites the chain record, then
    /// applies the block and tells the pool and the observers. A certificate that does not
    /// name this block at the next height is refused and nothing changes.
    public mutating func commit(_ block: Block, certificate: Certificate) throws(ConsensusError) {
        let target = certificate.target
        guard target.chainID == chainID, target.height == block.header.height, target.phase == .precommit,
            target.blockID == block.header.hash(suite: suite)
        else {
            throw .finality(.wrongTarget(reason: "the certificate does not finalize block \(block.header.height) of this chain"))
        }
        do { _ = try finish(block, certificate: certificate) } catch { throw Self.consensusError(error) }
    }

    /// The finalized block at `height` with its certificate; nil above the tip or for a block
    /// stored without one (before consensus).
    public func committedBlock(at height: UInt64) throws(ConsensusError) -> CommittedBlock? {
        do {
            guard let block = try chainStore.block(at: height), let certificate = try chainStore.certificate(at: height) else { return nil }
            return CommittedBlock(block: block, certificate: certificate)
        } catch {
            throw .chain(error)
        }
    }

    /// `finish` throws only storage and chain errors (the chain record's write is storage).
    private static func consensusError(_ error: NodeError) -> ConsensusError {
        switch error {
        case .chain(let chain): .chain(chain)
        case .storage(let storage): .chain(.storage(storage))
        default: .chain(.storageCorrupt(reason: error.message))
        }
    }
}

extension BlockProducer {
    /// Builds, and keeps the outcome of, the next block from the pool's candidates.
    mutating func build(
        timestampMs: UInt64, proposer: any SigningKey, lastCommit: Certificate?, evidence: [Evidence]
    ) throws(ChainError) -> Block {
        let started = ContinuousClock.now
        let (transactions, cancels) = pool.candidates(maxTransactions: limits.maxTransactions, maxCancels: limits.maxCancels)
        let mass = pool.massCandidates(maxCancelAlls: Block.maxCancelAlls, maxDeadManSwitches: Block.maxDeadManSwitches)
        // Main-chain headers in height order; proposeBlock keeps those the tree accepts.
        var headers: [MainChainHeader] = []
        if let headerFeed, let peg = state.peg { headers = headerFeed.candidatesForBlock(tree: peg.headers) }
        // Every candidate passed the pool's signature checks on admission.
        let (block, outcome) = try state.proposeBlock(
            checked: transactions, cancels: cancels, cancelAlls: mass.cancelAlls, deadManSwitches: mass.deadManSwitches,
            mainChainHeaders: headers, timestampMs: timestampMs, proposer: proposer, lastCommit: lastCommit,
            evidence: evidence, cancelSignaturesVerified: true)
        remember(ExecutedBlock(id: block.header.hash(suite: state.config.suite), outcome: outcome, started: started))
        return block
    }

    /// The outcome of `block` at the next height: kept from building or an earlier check,
    /// or re-executed now (and kept). Throws when the block is invalid.
    mutating func executed(_ block: Block) throws(ChainError) -> ExecutedBlock {
        let id = block.header.hash(suite: state.config.suite)
        if let known = executed.last(where: { $0.id == id }) { return known }
        let started = ContinuousClock.now
        let entry = ExecutedBlock(id: id, outcome: try state.verify(block), started: started)
        remember(entry)
        return entry
    }

    private mutating func remember(_ entry: ExecutedBlock) {
        if executed.count >= Self.executedMax { executed.removeFirst(executed.count - Self.executedMax + 1) }
        executed.append(entry)
    }

    /// The one commit path (consensus and `produceBlock`): stores `block` with `certificate`
    /// in one synced batch, rewrites the chain record, applies the block, tells the pool and
    /// the observers, and logs one line. Throws, changing nothing, when the block is invalid
    /// or cannot be stored; when only the chain record cannot be rewritten, the block is
    /// stored but not applied and `failure` is set: the node stops (as it does when the store
    /// fails).
    mutating func finish(_ block: Block, certificate: Certificate?) throws(NodeError) -> BlockReport {
        let entry: ExecutedBlock
        do {
            entry = try executed(block)
            try chainStore.commit(block, outcome: entry.outcome, certificate: certificate)
        } catch {
            // A failing disk stops the node (consensus would only count the failed commit).
            if case .storage = error { failure = .from(error) }
            throw .from(error)
        }
        // The other outcomes kept were for this height: stale now.
        executed.removeAll()
        let outcome = entry.outcome
        // Only after the block's batch is synced, so the record is never ahead of the store;
        // if this fails the node stops and the next open takes the block (crash window).
        do {
            try chainRecord?.write(ChainRecord(chainID: state.config.chainID, height: block.header.height, tipHash: entry.id))
        } catch {
            failure = error
            throw error
        }
        state.commit(outcome, header: block.header)
        let dropped = pool.blockCommitted(outcome, state: state)
        if let headerFeed, let peg = state.peg { headerFeed.committed(tree: peg.headers) }
        for observer in observers { observer.blockCommitted(block, outcome: outcome, state: state, dropped: dropped) }
        for item in dropped { logger.debug("dropped from the pool: \(item.reason)") }
        for item in outcome.rejected { logger.debug("left out \(item.kind) \(item.index): \(item.error)") }
        let nowMs = clock.nowMs()
        let report = BlockReport(
            height: outcome.height, transactions: block.transactions.count, cancels: block.cancels.count,
            fills: outcome.trades.count, settlements: block.settlements.count, rejected: outcome.rejected.count,
            elapsedMs: Self.milliseconds(since: entry.started), lagMs: nowMs - min(nowMs, block.header.timestampMs))
        logger.info("\(report.logLine)")
        return report
    }

    /// The commit certificate of `block` by `key` alone: its precommit at round 0. Only a
    /// validator holding a quorum of the stake (a set of one) finalizes a block alone.
    func soleCertificate(for block: Block, key: any SigningKey) throws(NodeError) -> Certificate {
        let set = state.validatorSet
        guard let index = set.index(of: key.publicKey) else { throw .notAValidator(publicKey: key.publicKey.description) }
        let stake = set.members[Int(index)].stake
        guard stake >= set.quorumStake else {
            throw .consensus(reason: ConsensusError.finality(.noQuorum(stake: stake, needed: set.quorumStake)).description)
        }
        let target = VoteTarget(
            chainID: state.config.chainID, height: block.header.height, round: 0, phase: .precommit,
            blockID: block.header.hash(suite: state.config.suite))
        do {
            let vote = try Vote.signed(target, index: index, key: key, suite: state.config.suite)
            return Certificate(target: target, setSize: set.count, signatures: [index: vote.signature])
        } catch {
            throw .chain(.badProposerSignature)
        }
    }
}
