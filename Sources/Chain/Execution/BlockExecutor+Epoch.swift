import Crypto
import Ledger
import Primitives

extension BlockExecutor {
    /// Most voters of one validator that share its voter part at a payout: the largest by
    /// stake (ties: key bytes ascending). With `Genesis.validatorsMaxLimit` validators this
    /// keeps the payout far below `Transaction.maxOutputs`.
    public static let payoutVotersPerValidatorMax = 100

    /// Phase H's epoch work: count who signed the previous block, record punishments, move
    /// the block's fees into the epoch's pool and, at an epoch's last block, pay the pool out
    /// and elect the next set. Returns the epoch state after the block and the payout.
    mutating func advanceEpoch(lastCommit: Certificate?, evidence: [Evidence]) throws(ChainError) -> (EpochState, Transaction?) {
        let length = config.genesis.epochLengthBlocks
        var epoch = start.epoch
        // The certificate in block h signs block h − 1; it counts for this epoch when h − 1 is
        // in it (then the current set signed it). A boundary block's own signatures arrive
        // after its epoch was paid and are not rewarded.
        if let lastCommit, height >= 2, (height - 1) % length != 0 {
            for index in lastCommit.signerIndices where Int(index) < epoch.signedBlocks.count { epoch.signedBlocks[Int(index)] += 1 }
        }
        for item in evidence { epoch.punished.insert(item.validator) }
        try poolTransactionFees(&epoch)
        guard height % length == 0 else { return (epoch, nil) }
        let tally = closingTally
        let payout = try payOut(epoch, tally: tally)
        let next = elect(epoch, tally: tally) ?? epoch.validatorSet
        epoch.advance(to: next)
        return (epoch, payout)
    }

    /// The fees users paid (the ledger's mux burns them) go into the epoch's one pool output:
    /// the old pool is spent and a new one holds the sum, so the supply is conserved every
    /// block and at most one pool output exists.
    private mutating func poolTransactionFees(_ epoch: inout EpochState) throws(ChainError) {
        guard feesPaid > .zero else { return }
        var total = feesPaid
        if let pool = epoch.feePool, let entry = delta.entry(pool) {
            total = try checkedAdd(total, entry.output.amount)
            delta.spend(pool)
        }
        var writer = ByteWriter(capacity: 24)
        writer.writeRaw(Array("epoch-fees".utf8))
        writer.write(height)
        let pseudoTransaction = config.suite.hash(.transactionID, writer.bytes)
        let id = Transaction.outputID(transactionID: pseudoTransaction, index: 0, suite: config.suite)
        delta.create(UTXOEntry(output: Output(asset: config.nativeAsset, amount: total, program: .feePool), order: nil), id: id)
        epoch.feePool = id
    }

    /// The epoch's payout: a transaction spending the pool, checked by the ledger and
    /// applied. Each validator of the epoch gets floor(pool × its signed blocks / all signed
    /// blocks); `voterShareBps` of that part (floored) goes to its voters, each
    /// floor(part × stake / their total stake); every remainder goes to the fee collector.
    private mutating func payOut(_ epoch: EpochState, tally: StakeTally) throws(ChainError) -> Transaction? {
        guard let pool = epoch.feePool, let entry = delta.entry(pool) else { return nil }
        let amounts = Self.payoutAmounts(
            pool: entry.output.amount.units, set: epoch.validatorSet, signedBlocks: epoch.signedBlocks,
            voterShareBps: UInt64(config.genesis.voterShareBps), voters: { tally.voters(of: $0) })
        var outputs: [Output] = amounts.recipients.map {
            Output(asset: config.nativeAsset, amount: Amount($0.amount), program: .payToKey($0.key))
        }
        if amounts.remainder > 0 {
            outputs.append(Output(asset: config.nativeAsset, amount: Amount(amounts.remainder), program: config.feeCollector))
        }
        let transaction = Transaction(inputs: [Input(spending: pool, witness: .feePayout)], outputs: outputs)
        let id = transaction.id(suite: config.suite)
        do { try validator.validate(transaction, view: delta, transactionID: id) } catch { throw .ledger(error) }
        delta.spend(pool)
        for (index, output) in outputs.enumerated() {
            delta.create(
                UTXOEntry(output: output, order: nil), id: Transaction.outputID(transactionID: id, index: index, suite: config.suite))
        }
        return transaction
    }

    /// Who is paid what from `pool` (recipients merged per key, by key bytes ascending, zero
    /// amounts left out) and the remainder for the fee collector. Integer-only and exact:
    /// the recipients' amounts and the remainder sum to `pool`.
    static func payoutAmounts(
        pool: UInt64, set: ValidatorSet, signedBlocks: [UInt64], voterShareBps: UInt64,
        voters: (PublicKey) -> [(key: PublicKey, stake: UInt64)]
    ) -> (recipients: [(key: PublicKey, amount: UInt64)], remainder: UInt64) {
        let signedTotal = signedBlocks.reduce(UInt64(0)) { $0 + $1 }
        guard pool > 0, signedTotal > 0 else { return ([], pool) }
        var paid: [PublicKey: UInt64] = [:]
        var paidTotal: UInt64 = 0
        func pay(_ key: PublicKey, _ amount: UInt64) {
            guard amount > 0 else { return }
            paid[key, default: 0] += amount
            paidTotal += amount
        }
        for (index, member) in set.members.enumerated() where index < signedBlocks.count {
            let part = mulDiv(pool, signedBlocks[index], signedTotal)
            var voterPart = mulDiv(part, voterShareBps, MagneticOrder.bpsPerWhole)
            let chosen = voters(member.key).sorted { $0.stake != $1.stake ? $0.stake > $1.stake : $0.key.precedes($1.key) }
                .prefix(payoutVotersPerValidatorMax)
            let stakeTotal = chosen.reduce(UInt64(0)) { $0 + $1.stake }
            if stakeTotal == 0 { voterPart = 0 }
            pay(member.key, part - voterPart)
            for voter in chosen { pay(voter.key, mulDiv(voterPart, voter.stake, stakeTotal)) }
        }
        let recipients = paid.map { (key: $0.key, amount: $0.value) }.sorted { $0.key.precedes($1.key) }
        return (recipients, pool - paidTotal)
    }

    /// floor(a × b / c) for b ≤ c (the result is at most a), without overflow.
    static func mulDiv(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        guard c > 0 else { return 0 }
        let product = a.multipliedFullWidth(by: b)
        return c.dividingFullWidth((high: product.high, low: product.low)).quotient
    }

    /// The vote tally after this block (the committed tally with the block's changes).
    var closingTally: StakeTally {
        var tally = start.stakes
        tally.apply(delta.changes, nativeAsset: config.nativeAsset)
        return tally
    }

    /// The next set: the top `validatorsMax` registered (self-stake ≥ `minSelfStake`),
    /// unpunished candidates by votes (ties: key bytes ascending), each staked with its votes
    /// (at most `ValidatorSet.stakeMax`); nil when nobody qualifies.
    func elect(_ epoch: EpochState, tally: StakeTally) -> ValidatorSet? {
        let genesis = config.genesis
        let ranked = tally.stakes
            .filter { $0.value.votes > 0 && $0.value.selfStake >= genesis.minSelfStake && !epoch.punished.contains($0.key) }
            .map { (key: $0.key, votes: $0.value.votes) }
            .sorted { $0.votes != $1.votes ? $0.votes > $1.votes : $0.key.precedes($1.key) }
            .prefix(genesis.validatorsMax)
        guard !ranked.isEmpty else { return nil }
        let members = ranked.map { ValidatorSet.Member(key: $0.key, stake: min($0.votes, ValidatorSet.stakeMax)) }
        return try? ValidatorSet(members: members, suite: config.suite)
    }
}
