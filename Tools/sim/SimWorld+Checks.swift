import Chain
import Consensus
import Primitives

extension SimWorld {
    /// Records what `node` finalized since it was last looked at, checking safety (against
    /// every other node's finalized blocks) and each new certificate at once.
    func observe(_ node: SimNode) {
        guard let engine = node.engine else { return }
        let application = engine.application
        let height = application.committedHeight
        guard height > node.observedHeight else { return }
        // The set that signs the next height: it changes only with a commit, so it is read
        // when the node finalized something new, not after every event.
        let set = application.validatorSet
        if knownSets[set.hash] == nil { knownSets[set.hash] = set }
        for h in (node.observedHeight + 1)...height {
            let committed: CommittedBlock?
            do { committed = try application.committedBlock(at: h) } catch {
                failures.append(CheckFailure(check: .engine, detail: "node \(node.index) cannot read block \(h): \(error)"))
                return
            }
            guard let committed else {
                failures.append(
                    CheckFailure(check: .certificate, detail: "node \(node.index) finalized height \(h) without a stored certificate"))
                return
            }
            let header = committed.block.header
            let blockID = header.hash(suite: genesis.config.suite)
            var record = FinalizedRecord(
                height: h, blockID: blockID, previousHash: header.previousHash, headerCommitment: header.stateCommitment,
                computedCommitment: h == height ? application.state.commitment.digest : nil)
            if let recordHook { record = recordHook(node.index, record) }
            node.history.append(record)
            node.validatorSetHashes[h] = header.validatorSetHash
            // Not the block ID: blocks carry signatures made with fresh BIP-340 auxiliary
            // randomness (the certificate in the header), so IDs differ between replays
            // while everything the trace records stays the same.
            trace.mix(0xF1)
            trace.mix(UInt64(node.index) << 40 | h)
            if scenario.isHonest(node: node.index) || scenario.byzantine[node.validator] == .twin {
                if safety.finalized[h] == nil {
                    // Counted once per height: what the cluster finalized, not each copy.
                    counters.settlements += committed.block.settlements.count
                    counters.evidenceCommitted += Self.evidenceCount(in: committed.block)
                }
                safety.record(node: node.index, height: h, blockID: record.blockID)
            }
            checkCertificate(committed, blockID: blockID, node: node)
        }
    }

    /// The certificate names this block at its height as a precommit and carries a quorum
    /// of the set that signs that height (the parent header names it).
    private func checkCertificate(_ committed: CommittedBlock, blockID: Hash256, node: SimNode) {
        let certificate = committed.certificate
        let target = certificate.target
        guard target.phase == .precommit, target.height == committed.block.header.height, target.blockID == blockID,
            target.chainID == genesis.config.chainID
        else {
            failures.append(
                CheckFailure(
                    check: .certificate, detail: "node \(node.index) height \(target.height): the certificate names another block or phase")
            )
            return
        }
        guard checkedCertificates.insert(certificate.canonicalBytes).inserted else { return }
        let setHash: Hash256
        if target.height <= 1 {
            setHash = genesis.config.genesisValidatorSet.hash
        } else if let parentSetHash = node.validatorSetHashes[target.height - 1] {
            setHash = parentSetHash
        } else {
            return
        }
        guard let set = knownSets[setHash] else { return }
        do {
            try certificate.verify(against: set, suite: genesis.config.suite, requireQuorum: true)
        } catch {
            failures.append(CheckFailure(check: .certificate, detail: "node \(node.index) height \(target.height): \(error)"))
        }
    }

    /// The end-of-seed checks: safety (already watched), agreement and state at common
    /// heights, conservation on every honest node, progress after healing.
    func finish() -> SeedResult {
        var failures = safety.failures + failures
        let honest = nodes.filter { scenario.isHonest(node: $0.index) }
        var histories: [Int: [FinalizedRecord]] = [:]
        for node in honest { histories[node.index] = node.history }
        // Twins ran honest code: their blocks must agree too (they are safety-checked above).
        for node in nodes where scenario.byzantine[node.validator] == .twin { histories[node.index] = node.history }
        failures += ClusterChecks.agreement(histories)
        let supply = genesis.supply
        for node in honest {
            guard let engine = node.engine else {
                failures.append(CheckFailure(check: .progress, detail: "honest node \(node.index) is down at the end"))
                continue
            }
            var totals: [AssetID: UInt64] = [:]
            for (_, entry) in engine.application.state.utxos.sortedEntries() {
                totals[entry.output.asset, default: 0] += entry.output.amount.units
            }
            failures += ClusterChecks.conservation(node: node.index, totals: totals, genesis: supply)
        }
        let required = max(target ?? 0, scenario.heights)
        var heights: [Int: UInt64] = [:]
        for node in honest { heights[node.index] = node.observedHeight }
        failures += ClusterChecks.progress(
            heights: heights, target: required, healedAtMs: scenario.healMs, deadlineMs: max(clock.timeMs, scenario.healMs))

        for node in nodes {
            for (name, count) in node.totalCounters { counters.engine[name, default: 0] += count }
        }
        counters.network = network.counters
        counters.trader = traders.counters
        counters.byzantineActions = byzantine.actions
        counters.validatorSetChanges = knownSets.count - 1
        counters.seeds = 1
        counters.failedSeeds = failures.isEmpty ? 0 : 1
        let agreed = honest.map(\.observedHeight).min() ?? 0
        counters.heightsFinalized = agreed
        for fault in scenario.faults { counters.faults[fault.rawValue, default: 0] += 1 }
        trace.mix(0xE0)
        trace.mix(agreed)
        let nodeLines = nodes.map { node -> String in
            let role = scenario.byzantine[node.validator].map { "\($0)" } ?? (scenario.isHonest(node: node.index) ? "honest" : "twin")
            guard let engine = node.engine else { return "  node \(node.index) (\(role)) down" }
            let status = engine.status
            return "  node \(node.index) (\(role)) committed=\(engine.application.committedHeight) height=\(status.height) "
                + "round=\(status.round) step=\(status.step) locked=\(status.lockedRound.map(String.init) ?? "-")"
        }
        return SeedResult(
            scenario: scenario, failures: failures, traceHash: trace, counters: counters, height: agreed, nodeLines: nodeLines)
    }
}
