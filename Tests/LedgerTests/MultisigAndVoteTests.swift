import Crypto
import Primitives
import Testing

@testable import Ledger

@Suite("Ledger: multisig, vote locks and cross-chain-out burns")
struct MultisigAndVoteTests {
    func multisigSpend(_ f: inout LedgerFixture, signers: [(UInt8, any SigningKey)]) -> (Transaction, Hash256) {
        let program = ControlProgram.multisig(threshold: 2, keys: [f.alice.publicKey, f.bob.publicKey, f.carol.publicKey])
        let coin = f.fund(f.btc, 50, program)
        let unsigned = Transaction(
            inputs: [Input(spending: coin, witness: .multisig([]))],
            outputs: [Output(asset: f.btc, amount: Amount(50), program: f.payTo(f.alice))])
        let suite = f.suite
        let signed = unsigned.withWitnesses(chainID: f.chainID, suite: suite) { _, sighash in
            .multisig(
                signers.map { index, key in
                    KeySignature(keyIndex: index, signature: try! suite.sign(sighash, with: key))
                })
        }
        return (signed, coin)
    }

    @Test("2-of-3 multisig with two valid signatures in key order is valid")
    func twoOfThree() throws {
        var f = LedgerFixture()
        let (tx, _) = multisigSpend(&f, signers: [(0, f.alice), (2, f.carol)])
        try f.validate(tx)
    }

    @Test("one signature of a 2-of-3 is multisig_threshold_not_met (3015)")
    func belowThreshold() throws {
        var f = LedgerFixture()
        let (tx, _) = multisigSpend(&f, signers: [(1, f.bob)])
        #expect(throws: LedgerError.multisigThresholdNotMet(input: 0, valid: 1, required: 2)) { try f.validate(tx) }
    }

    @Test("the same key counted twice, or keys out of order, is wrong_witness")
    func repeatedKey() throws {
        var f = LedgerFixture()
        let (tx, _) = multisigSpend(&f, signers: [(1, f.bob), (1, f.bob)])
        #expect(throws: LedgerError.wrongWitness(input: 0, reason: "multisig key indexes must ascend and be in range")) {
            try f.validate(tx)
        }
    }

    @Test("a vote lock is withdrawn only after unvote plus the unlock delay (vote_lock_still_locked, 3017)")
    func voteLockDelay() throws {
        var f = LedgerFixture()
        let lock = VoteLock(owner: f.alice.publicKey, candidate: f.carol.publicKey, unlockDelayBlocks: 100)
        let stake = f.fund(f.native, 5_000, .voteLock(lock))
        f.height = 20
        let unvote = f.sign(
            Transaction(
                inputs: [Input(spending: stake, witness: .unvote(LedgerFixture.unsigned, lockOutput: 0))],
                outputs: [Output(asset: f.native, amount: Amount(5_000), program: .voteLock(lock.unlocking(at: 20)))]), keys: [0: f.alice])
        try f.validate(unvote)
        let unlocking = f.utxos.apply(unvote, suite: f.suite)[0]

        let withdraw = f.sign(
            Transaction(
                inputs: [Input(spending: unlocking, witness: .withdrawVote(LedgerFixture.unsigned))],
                outputs: [Output(asset: f.native, amount: Amount(5_000), program: f.payTo(f.alice))]), keys: [0: f.alice])
        f.height = 119
        #expect(throws: LedgerError.voteLockStillLocked(input: 0, unlockHeight: 120)) { try f.validate(withdraw) }
        f.height = 120
        try f.validate(withdraw)
    }

    @Test("an unvote that does not re-lock the stake with the current height is wrong_witness")
    func unvoteMustRelock() throws {
        var f = LedgerFixture()
        let lock = VoteLock(owner: f.alice.publicKey, candidate: f.carol.publicKey, unlockDelayBlocks: 100)
        let stake = f.fund(f.native, 5_000, .voteLock(lock))
        let escape = f.sign(
            Transaction(
                inputs: [Input(spending: stake, witness: .unvote(LedgerFixture.unsigned, lockOutput: 0))],
                outputs: [Output(asset: f.native, amount: Amount(5_000), program: f.payTo(f.alice))]), keys: [0: f.alice])
        #expect(throws: LedgerError.self) { try f.validate(escape) }
    }

    @Test("an unvote's unlock height may lag the including block by up to the window, never lead it")
    func unvoteWindow() throws {
        var f = LedgerFixture()
        let lock = VoteLock(owner: f.alice.publicKey, candidate: f.carol.publicKey, unlockDelayBlocks: 100)
        let stake = f.fund(f.native, 5_000, .voteLock(lock))
        func unvote(requestedAt: UInt64) -> Transaction {
            f.sign(
                Transaction(
                    inputs: [Input(spending: stake, witness: .unvote(LedgerFixture.unsigned, lockOutput: 0))],
                    outputs: [Output(asset: f.native, amount: Amount(5_000), program: .voteLock(lock.unlocking(at: requestedAt)))]),
                keys: [0: f.alice])
        }
        f.height = 200
        // A client's view of the chain a few blocks old, or the block's own height: accepted.
        for requestedAt in [200, 199, 200 - VoteLock.unvoteWindowBlocks] { try f.validate(unvote(requestedAt: requestedAt)) }
        // Older than the window, or a height the chain has not reached: refused.
        for requestedAt in [200 - VoteLock.unvoteWindowBlocks - 1, 201] {
            #expect(throws: LedgerError.self) { try f.validate(unvote(requestedAt: requestedAt)) }
        }
    }

    @Test("a cross-chain-out burn can never be spent (3016)")
    func burnIsFinal() throws {
        var f = LedgerFixture()
        let burn = f.fund(f.btc, 10, .crossChainOut(mainChainAddress: f.payTo(f.alice).canonicalBytes))
        let tx = Transaction(
            inputs: [Input(spending: burn, witness: .signature(LedgerFixture.unsigned))],
            outputs: [Output(asset: f.btc, amount: Amount(10), program: f.payTo(f.alice))])
        #expect(throws: LedgerError.crossChainOutUnspendable(input: 0)) { try f.validate(tx) }
    }

    @Test("a burn's main-chain address must encode a pay-to-key or multisig program (3009)")
    func burnAddressMustBePayable() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 10, f.payTo(f.alice))
        let magnetic = ControlProgram.magneticOrder(
            MagneticOrder(
                requestedAsset: f.usdt, price: try Ratio(1, 1), sellerProgram: f.payTo(f.alice),
                sellerKey: f.alice.publicKey))
        for address in [[], [1, 2, 3], magnetic.canonicalBytes, f.payTo(f.alice).canonicalBytes + [0]] {
            let burn = Transaction(
                inputs: [Input(spending: coin, witness: .signature(LedgerFixture.unsigned))],
                outputs: [Output(asset: f.btc, amount: Amount(10), program: .crossChainOut(mainChainAddress: address))])
            #expect(throws: LedgerError.self) { try f.validator.checkShape(burn) }
        }
        let good = Transaction(
            inputs: [Input(spending: coin, witness: .signature(LedgerFixture.unsigned))],
            outputs: [Output(asset: f.btc, amount: Amount(10), program: .crossChainOut(mainChainAddress: f.payTo(f.bob).canonicalBytes))])
        try f.validator.checkShape(good)
    }
}
