@testable import Chain
@testable import ChainFixtures
import Crypto
import Ledger
import Primitives
import TestSupport
import Testing

/// Transaction fees accrue in one pool output per epoch and are paid at the epoch's last
/// block to its validators by blocks signed, part passed on to their voters.
@Suite("Chain: epoch fees accrue in a pool and are paid out exactly at the boundary")
struct EpochFeeTests {
    /// The payout the rules describe, computed independently: per validator floor(pool ×
    /// signed / all signed); voters floor(voter part × stake / total); the rest to the collector.
    func expectedPayout(
        pool: UInt64, members: [PublicKey], signed: [UInt64], voters: [PublicKey: [(PublicKey, UInt64)]], bps: UInt64
    ) -> (paid: [PublicKey: UInt64], collector: UInt64) {
        let total = signed.reduce(0, +)
        var paid: [PublicKey: UInt64] = [:]
        guard total > 0 else { return ([:], pool) }
        for (index, key) in members.enumerated() {
            let part = UInt64((UInt128(pool) * UInt128(signed[index])) / UInt128(total))
            let stakes = voters[key] ?? []
            let stakeTotal = stakes.reduce(0) { $0 + $1.1 }
            let voterPart = stakeTotal == 0 ? 0 : part * bps / 10_000
            paid[key, default: 0] += part - voterPart
            for (voter, stake) in stakes { paid[voter, default: 0] += UInt64(UInt128(voterPart) * UInt128(stake) / UInt128(stakeTotal)) }
        }
        return (paid.filter { $0.value > 0 }, pool - paid.values.reduce(0, +))
    }

    @Test("seeded epochs: random fees and signers; the payout matches the rules to the unit and the supply is conserved", arguments: [UInt64(0xFEE5_0001), 0xFEE5_0002, 0xFEE5_0003, 0xFEE5_0004])
    func seededPayout(seed: UInt64) throws {
        var rng = seededRandom(seed)
        var f = StakingFixture(validatorsMax: 4, voterShareBps: UInt16.random(in: 0...10_000, using: &rng))
        let supply = f.nativeTotal()
        var fees: UInt64 = 0
        var signed = [UInt64](repeating: 0, count: 4)
        // Block 1: votes (with fees) so that validators 0 and 1 have outside voters.
        let votes = [
            try f.state.voteTransaction(key: f.alice, candidate: f.validators[0].publicKey, amount: UInt64.random(in: 1...5_000, using: &rng), fee: 3),
            try f.state.voteTransaction(key: f.bob, candidate: f.validators[0].publicKey, amount: UInt64.random(in: 1...5_000, using: &rng), fee: 5),
            try f.state.voteTransaction(key: f.carol, candidate: f.validators[1].publicKey, amount: UInt64.random(in: 1...5_000, using: &rng), fee: 7),
        ]
        try f.block(votes)
        fees += 15
        #expect(f.nativeTotal() == supply)
        let payers = [f.alice, f.bob, f.carol]
        for height in 2...StakingFixture.epochLength {
            // Any three or all four validators sign the previous block (three is a quorum).
            var signers = Array(0..<4).shuffled(using: &rng)
            if Bool.random(using: &rng) { signers.removeLast() }
            for signer in signers { signed[signer] += 1 }
            var transactions: [Transaction] = []
            for payer in payers where Bool.random(using: &rng) {
                let fee = UInt64.random(in: 0...1_000_000, using: &rng) % 99_991
                transactions.append(f.transfer(payer, to: f.feeKey.publicKey, amount: 1, fee: fee))
                fees += fee
            }
            let before = f.state
            let (block, outcome) = try f.block(transactions, signers: signers.sorted())
            #expect(outcome.rejected.isEmpty)
            #expect(f.nativeTotal() == supply, "conserved every block")
            if height < StakingFixture.epochLength {
                #expect(block.settlements.isEmpty)
                let pool = try #require(f.state.epoch.feePool)
                #expect(f.state.utxos.entry(pool)?.output.amount.units == fees)
                continue
            }
            // The boundary: one payout transaction spending the pool.
            let payout = try #require(block.settlements.last)
            #expect(payout.inputs.map(\.witness) == [.feePayout])
            #expect(f.state.epoch.feePool == nil)
            #expect(f.state.utxos.sortedEntries().allSatisfy { $0.entry.output.program != .feePool })
            var voters: [PublicKey: [(PublicKey, UInt64)]] = [:]
            for member in before.validatorSet.keys {
                voters[member] = f.state.stakes.voters(of: member).map { ($0.key, $0.stake) }
            }
            let expected = expectedPayout(
                pool: fees, members: before.validatorSet.keys, signed: signed, voters: voters, bps: UInt64(f.config.genesis.voterShareBps))
            var paid: [PublicKey: UInt64] = [:]
            var collector: UInt64 = 0
            for output in payout.outputs {
                #expect(output.asset == f.native)
                if output.program == f.config.feeCollector {
                    collector += output.amount.units
                } else if case let .payToKey(key) = output.program {
                    paid[key, default: 0] += output.amount.units
                }
            }
            #expect(paid == expected.paid)
            #expect(collector == expected.collector)
            #expect(paid.values.reduce(0, +) + collector == fees, "the pool is paid out to the unit")
            #expect(outcome.settlements.last == payout)
        }
    }

    @Test("a boundary block's own signatures are not counted; the first certificate of the next epoch counts for it")
    func countingWindow() throws {
        var f = StakingFixture(validatorsMax: 4)
        for _ in 1...StakingFixture.epochLength { try f.block(signers: [0, 1, 2]) }
        #expect(f.state.epoch.signedBlocks == [0, 0, 0, 0], "reset at the boundary")
        try f.block(signers: [1, 2, 3])
        #expect(f.state.epoch.signedBlocks == [0, 0, 0, 0], "block 5 carries block 4's certificate, of the paid epoch")
        try f.block(signers: [1, 2, 3])
        // The elected set orders the tied validators by key bytes.
        var expected = [UInt64](repeating: 0, count: 4)
        for number in [1, 2, 3] { expected[Int(try #require(f.state.validatorSet.index(of: f.validators[number].publicKey)))] = 1 }
        #expect(f.state.epoch.signedBlocks == expected)
    }

    @Test("payout amounts always sum to the pool (seeded property)")
    func payoutSums() throws {
        var rng = seededRandom(0xFEE5_1000)
        let keys = (0..<8).map { ChainFixture.key(0x40 + UInt8($0)).publicKey }
        for _ in 0..<500 {
            let count = Int.random(in: 1...8, using: &rng)
            let members = keys.prefix(count).map { ValidatorSet.Member(key: $0, stake: 1) }
            let set = try ValidatorSet(members: Array(members), suite: StakingFixture.suite)
            let pool = UInt64.random(in: 0...UInt64.max / 2, using: &rng)
            let signed = (0..<count).map { _ in UInt64.random(in: 0...1_000, using: &rng) }
            let voterStakes = keys.map { ($0, UInt64.random(in: 0...(UInt64.max / 64), using: &rng)) }
            let result = BlockExecutor.payoutAmounts(
                pool: pool, set: set, signedBlocks: signed, voterShareBps: UInt64.random(in: 0...10_000, using: &rng),
                voters: { _ in voterStakes.filter { $0.1 > 0 }.map { (key: $0.0, stake: $0.1) } })
            let total = result.recipients.reduce(UInt128(result.remainder)) { $0 + UInt128($1.amount) }
            #expect(total == UInt128(pool))
            #expect(result.recipients.allSatisfy { $0.amount > 0 })
        }
    }
}
