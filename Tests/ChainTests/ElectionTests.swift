import Crypto
import Ledger
import Primitives
import Storage
import TestSupport
import Testing

@testable import Chain

/// DPoS: the set of each epoch is the top N registered, unpunished candidates by votes.
@Suite("Chain: DPoS election at epoch boundaries, vote locks, punishment")
struct ElectionTests {
    /// Runs empty blocks up to and including the next epoch boundary.
    func finishEpoch(_ f: inout StakingFixture) throws {
        repeat { try f.block() } while f.state.height % StakingFixture.epochLength != 0
    }

    @Test("the genesis set is the genesis validators staked with their genesis votes")
    func genesisSet() {
        let f = StakingFixture()
        #expect(f.state.validatorSet.keys == f.validators.map(\.publicKey))
        #expect(f.state.validatorSet.members.allSatisfy { $0.stake == StakingFixture.selfStake })
        #expect(f.state.candidates.map(\.votes) == [1_000, 1_000, 1_000, 1_000])
        #expect(f.state.candidates.allSatisfy { $0.registered && !$0.punished })
        let unstaked = StakingFixture(genesisStakes: [1_000, 0, 1_000, 1_000])
        #expect(unstaked.state.validatorSet.members.allSatisfy { $0.stake == 1 }, "any validator without votes: stake 1 each")
    }

    @Test("the top N by votes win, ties by key bytes; the boundary header names the new set; stake = votes")
    func topN() throws {
        var f = StakingFixture(validatorsMax: 3)
        let vote = try f.state.voteTransaction(key: f.alice, candidate: f.validators[3].publicKey, amount: 5_000, fee: 10)
        try f.block([vote])
        #expect(f.state.candidates.first?.key == f.validators[3].publicKey)
        #expect(f.state.candidates.first?.votes == 6_000)
        let before = f.state.validatorSet
        while f.state.height % StakingFixture.epochLength != StakingFixture.epochLength - 1 { try f.block() }
        #expect(f.state.validatorSet == before, "the set changes only at the boundary")
        let (boundary, _) = try f.block()
        let tied = f.validators.prefix(3).map(\.publicKey).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(f.state.validatorSet.keys == [f.validators[3].publicKey] + tied.prefix(2))
        #expect(f.state.validatorSet.members.map(\.stake) == [6_000, 1_000, 1_000])
        #expect(boundary.header.validatorSetHash == f.state.validatorSet.hash)
        #expect(f.state.previousValidatorSet == before)
        // The next block's certificate is the old set's (it signed the boundary block); the
        // dropped validator is no longer a proposer.
        #expect(f.state.tipSigners == before)
        try f.block()
        #expect(f.state.tipSigners == f.state.validatorSet)
    }

    @Test("the election is deterministic: two chains with the same blocks elect byte-identical sets")
    func deterministic() throws {
        func run() throws -> StakingFixture {
            var chain = StakingFixture(validatorsMax: 2)
            let votes = [
                try chain.state.voteTransaction(key: chain.alice, candidate: chain.validators[1].publicKey, amount: 300),
                try chain.state.voteTransaction(key: chain.bob, candidate: chain.validators[2].publicKey, amount: 300),
            ]
            try chain.block(votes)
            try finishEpoch(&chain)
            return chain
        }
        let a = try run()
        let b = try run()
        #expect(a.state.validatorSet.keys == [a.validators[1].publicKey, a.validators[2].publicKey])
        #expect(a.state.validatorSet.hash == b.state.validatorSet.hash)
        #expect(a.state.commitment == b.state.commitment)
        #expect(a.state.validatorSet.count == 2)
    }

    @Test("when nobody is registered the current set stays")
    func nobodyQualifies() throws {
        var f = StakingFixture(genesisStakes: [0, 0, 0, 0])
        let genesisSet = f.state.validatorSet
        // Votes without self-stake do not register a candidate.
        try f.block([try f.state.voteTransaction(key: f.alice, candidate: f.validators[0].publicKey, amount: 5_000)])
        #expect(f.state.candidates.first?.registered == false)
        try finishEpoch(&f)
        #expect(f.state.validatorSet == genesisSet)
    }

    @Test("a punished validator is never elected again and its self-stake cannot be unvoted (stake_frozen, 8016)")
    func punishedExcluded() throws {
        var f = StakingFixture(validatorsMax: 4)
        let cheater = f.validators[1]
        try f.block(evidence: [try f.equivocation(by: 1)])
        #expect(f.state.candidates.first { $0.key == cheater.publicKey }?.punished == true)
        let lock = try #require(f.state.stakeLocks(of: cheater.publicKey).first)
        let unvote = try f.state.unvoteTransaction(key: cheater, lock: lock)
        #expect(throws: ChainError.stakeFrozen(input: 0, validator: cheater.publicKey)) {
            try BlockExecutor.execute(
                state: f.state, mode: .verify, timestampMs: 99_999, transactions: CheckedTransaction.all([unvote], config: f.state.config),
                cancels: [])
        }
        let (_, outcome) = try f.block([unvote])
        #expect(outcome.rejected.map(\.error) == [.stakeFrozen(input: 0, validator: cheater.publicKey)])
        // Others may still vote for it; it is not elected.
        try f.block([try f.state.voteTransaction(key: f.alice, candidate: cheater.publicKey, amount: 100_000)])
        try finishEpoch(&f)
        #expect(f.state.validatorSet.index(of: cheater.publicKey) == nil)
        #expect(f.state.validatorSet.count == 3)
        try finishEpoch(&f)
        #expect(f.state.validatorSet.index(of: cheater.publicKey) == nil)
    }

    @Test("a vote lock must be native (8014) with the genesis unlock delay (8015)")
    func voteLockEntryRules() throws {
        let f = StakingFixture()
        let good = try f.state.voteTransaction(key: f.alice, candidate: f.validators[0].publicKey, amount: 100)
        let wrongDelay = Transaction(
            inputs: good.inputs,
            outputs: [
                Output(
                    asset: f.native, amount: Amount(100),
                    program: .voteLock(
                        VoteLock(
                            owner: f.alice.publicKey, candidate: f.validators[0].publicKey, unlockDelayBlocks: 1)))
            ] + good.outputs.dropFirst(),
            fee: good.fee)
        #expect(throws: ChainError.voteLockWrongDelay(output: 0, expected: StakingFixture.unlockDelay, got: 1)) {
            try BlockExecutor.execute(
                state: f.state, mode: .verify, timestampMs: 9,
                transactions: CheckedTransaction.all([f.sign(wrongDelay, with: f.alice)], config: f.state.config), cancels: [])
        }
        let feePool = Transaction(inputs: good.inputs, outputs: [Output(asset: f.native, amount: Amount(1_000_000), program: .feePool)])
        #expect(throws: ChainError.feePoolReserved(reason: "output 0 may not create one")) {
            try BlockExecutor.execute(
                state: f.state, mode: .verify, timestampMs: 9,
                transactions: CheckedTransaction.all([f.sign(feePool, with: f.alice)], config: f.state.config), cancels: [])
        }
    }

    @Test("unvote stops the votes at once; withdraw fails until the unlock delay has passed, then pays back")
    func unvoteThenWithdraw() throws {
        var f = StakingFixture()
        let candidate = f.validators[0].publicKey
        let start = f.balance(f.alice.publicKey)
        try f.block([try f.state.voteTransaction(key: f.alice, candidate: candidate, amount: 700)])
        #expect(f.state.stakes.stakes[candidate]?.votes == 1_700)
        let lock = try #require(f.state.stakeLocks(of: f.alice.publicKey).first)
        // The unvote names the height its builder saw; the block after it includes it.
        let unlockedAt = f.state.height
        try f.block([try f.state.unvoteTransaction(key: f.alice, lock: lock)])
        #expect(f.state.stakes.stakes[candidate]?.votes == 1_000)
        let unlocking = try #require(f.state.stakeLocks(of: f.alice.publicKey).first)
        #expect(unlocking.lock.unlockRequestedAt == unlockedAt)
        while f.state.height + 1 < unlockedAt + StakingFixture.unlockDelay {
            let early = try f.state.withdrawTransaction(key: f.alice, lock: unlocking)
            let (_, outcome) = try f.block([early])
            #expect(
                outcome.rejected.map(\.error) == [
                    .ledger(.voteLockStillLocked(input: 0, unlockHeight: unlockedAt + StakingFixture.unlockDelay))
                ])
        }
        let (_, outcome) = try f.block([try f.state.withdrawTransaction(key: f.alice, lock: unlocking)])
        #expect(outcome.rejected.isEmpty)
        #expect(f.state.stakeLocks(of: f.alice.publicKey).isEmpty)
        #expect(f.balance(f.alice.publicKey) == start)
    }

    @Test("seeded votes, unvotes and withdrawals: the incremental tally always equals one summed from the UTXO set")
    func tallyMatchesRebuild() throws {
        var rng = seededRandom(0x7A11_0001)
        var f = StakingFixture(validatorsMax: 3)
        let wallets = [f.alice, f.bob, f.carol] + f.validators
        for _ in 0..<24 {
            var transactions: [Transaction] = []
            for wallet in wallets where Int.random(in: 0..<3, using: &rng) == 0 {
                let locks = f.state.stakeLocks(of: wallet.publicKey)
                let withdrawable = locks.first { ($0.lock.withdrawableHeight ?? .max) <= f.state.height + 1 }
                let active = locks.first { $0.lock.unlockRequestedAt == nil }
                if let withdrawable, Bool.random(using: &rng) {
                    transactions.append(try f.state.withdrawTransaction(key: wallet, lock: withdrawable))
                } else if let active, Bool.random(using: &rng) {
                    transactions.append(try f.state.unvoteTransaction(key: wallet, lock: active))
                } else {
                    let candidate = f.validators[Int.random(in: 0..<4, using: &rng)].publicKey
                    transactions.append(
                        try f.state.voteTransaction(
                            key: wallet, candidate: candidate, amount: UInt64.random(in: 1...50_000, using: &rng),
                            fee: UInt64.random(in: 0...9, using: &rng)))
                }
            }
            let (_, outcome) = try f.block(transactions)
            #expect(outcome.rejected.isEmpty)
            #expect(f.state.stakes == StakeTally(utxos: f.state.utxos, nativeAsset: f.native))
        }
        #expect(f.state.height > 2 * StakingFixture.epochLength)
    }

    @Test("a reopened store restores the validator sets, punishments, counts and tally byte-identically")
    func restart() throws {
        let store = MemoryStore()
        var f = StakingFixture(validatorsMax: 3)
        let chain = ChainStore(store: store, suite: StakingFixture.suite)
        f.state = try chain.open(config: f.config)
        let steps: [(inout StakingFixture) throws -> (Block, BlockOutcome)] = [
            { f in try f.block([try f.state.voteTransaction(key: f.alice, candidate: f.validators[3].publicKey, amount: 4_000, fee: 25)]) },
            { f in try f.block([f.transfer(f.bob, to: f.carol.publicKey, amount: 10, fee: 99)], evidence: [try f.equivocation(by: 0)]) },
            { f in try f.block(signers: [1, 2, 3]) },
            { f in try f.block([try f.state.voteTransaction(key: f.carol, candidate: f.validators[2].publicKey, amount: 50)]) },
            { f in try f.block() },
            { f in try f.block([f.transfer(f.carol, to: f.bob.publicKey, amount: 10, fee: 7)]) },
        ]
        for step in steps {
            let (block, outcome) = try step(&f)
            try chain.commit(block, outcome: outcome)
            let reopened = try ChainStore(store: store, suite: StakingFixture.suite).open(config: f.config)
            #expect(reopened.epoch == f.state.epoch)
            #expect(reopened.epoch.canonicalBytes == f.state.epoch.canonicalBytes)
            #expect(reopened.stakes == f.state.stakes)
            #expect(reopened.validatorSet.hash == f.state.validatorSet.hash)
            #expect(reopened.commitment == f.state.commitment)
        }
        #expect(f.state.height > StakingFixture.epochLength, "the run crossed a boundary")
        #expect(f.state.validatorSet != f.state.previousValidatorSet)
    }
}
