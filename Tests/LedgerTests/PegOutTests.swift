import Crypto
import Primitives
import Testing

@testable import Ledger

/// Peg-out payments on the main chain: the federation spends its holdings (deposits and
/// multisig change) with `Witness.pegOut`, each signature bound to the burn it pays.
@Suite("Ledger: peg-out payments and federation spends")
struct PegOutTests {
    /// The main chain: a deposit and multisig change held by the federation of `PegFixture`.
    struct MainChain {
        var peg = PegFixture()
        let holding: Hash256
        let change: Hash256
        let burn: Hash256
        let otherBurn: Hash256

        init() {
            let terms = FederationDeposit(
                federation: peg.federation, destination: peg.ledger.payTo(peg.ledger.alice).canonicalBytes,
                refund: peg.ledger.payTo(peg.ledger.bob))
            holding = peg.ledger.fund(peg.ledger.btc, 5_000, .federationDeposit(terms))
            change = peg.ledger.fund(peg.ledger.btc, 3_000, peg.federation.multisigProgram)
            burn = peg.suite.hash(.outputID, [0xB1])
            otherBurn = peg.suite.hash(.outputID, [0xB2])
        }

        /// Pays `units` to Bob from `coins`, each input paying the burn `burns[i]`, signed by
        /// `signers` over the peg-out message of `signedBurns[i]` (the named burn by default).
        func payment(
            _ coins: [Hash256], burns: [Hash256], signedBurns: [Hash256]? = nil, units: UInt64,
            signers: [(UInt8, any SigningKey)]
        ) -> Transaction {
            let l = peg.ledger
            let suite = peg.suite
            let unsigned = Transaction(
                inputs: zip(coins, burns).map { Input(spending: $0, witness: .pegOut(burnOutputID: $1, signatures: [])) },
                outputs: [l.output(l.btc, units, l.payTo(l.bob))])
            return unsigned.withWitnesses(chainID: l.chainID, suite: suite) { index, sighash in
                let message = Transaction.pegOutMessage(
                    sighash: try! Hash256(bytes: sighash), burnOutputID: (signedBurns ?? burns)[index], suite: suite)
                return .pegOut(
                    burnOutputID: burns[index],
                    signatures: signers.map { KeySignature(keyIndex: $0.0, signature: try! suite.sign(message.bytes, with: $0.1)) })
            }
        }

        func validate(_ transaction: Transaction) throws(LedgerError) {
            // The main chain has no peg context: it pays burns, it never mints.
            try peg.validate(transaction, peg: .some(nil))
        }
    }

    @Test("a payment from a deposit and the change, signed 2 of 3 for its burn, is valid and names the burn")
    func goodPayment() throws {
        let m = MainChain()
        let tx = m.payment([m.holding, m.change], burns: [m.burn, m.burn], units: 8_000, signers: m.peg.goodSigners)
        try m.validate(tx)
        #expect(tx.pegOutBurnID == m.burn)
        #expect(
            tx.pegOutMessage(inputIndex: 0, burnOutputID: m.burn, chainID: m.peg.ledger.chainID, suite: m.peg.suite)
                == Transaction.pegOutMessage(
                    sighash: tx.signatureHash(inputIndex: 0, chainID: m.peg.ledger.chainID, suite: m.peg.suite), burnOutputID: m.burn,
                    suite: m.peg.suite))
        #expect(m.peg.mint().pegOutBurnID == nil)
    }

    @Test("signatures over another burn do not pay this one (bad_signature, 3014)")
    func signatureForAnotherBurn() {
        let m = MainChain()
        let tx = m.payment([m.holding], burns: [m.burn], signedBurns: [m.otherBurn], units: 5_000, signers: m.peg.goodSigners)
        #expect(throws: LedgerError.badSignature(input: 0)) { try m.validate(tx) }
    }

    @Test("plain multisig signatures (over the sighash alone) do not pay a burn")
    func plainSignaturesRefused() {
        let m = MainChain()
        let l = m.peg.ledger
        let suite = m.peg.suite
        let signers = m.peg.goodSigners
        let burn = m.burn
        let tx = Transaction(
            inputs: [Input(spending: m.holding, witness: .pegOut(burnOutputID: burn, signatures: []))],
            outputs: [l.output(l.btc, 5_000, l.payTo(l.bob))]
        ).withWitnesses(chainID: l.chainID, suite: suite) { _, sighash in
            .pegOut(
                burnOutputID: burn,
                signatures: signers.map { KeySignature(keyIndex: $0.0, signature: try! suite.sign(sighash, with: $0.1)) })
        }
        #expect(throws: LedgerError.badSignature(input: 0)) { try m.validate(tx) }
    }

    @Test("two different burns in one transaction are peg_out_mixed_burns (3217)")
    func twoBurns() {
        let m = MainChain()
        let tx = m.payment([m.holding, m.change], burns: [m.burn, m.otherBurn], units: 8_000, signers: m.peg.goodSigners)
        #expect(throws: LedgerError.pegOutMixedBurns(input: 1, burnOutputID: m.burn, otherBurnOutputID: m.otherBurn)) { try m.validate(tx) }
    }

    @Test("one member's signature is multisig_threshold_not_met (3015); an outsider's is bad_signature")
    func tooFewOrOutsider() {
        let m = MainChain()
        #expect(throws: LedgerError.multisigThresholdNotMet(input: 0, valid: 1, required: 2)) {
            try m.validate(m.payment([m.holding], burns: [m.burn], units: 5_000, signers: [(1, m.peg.members[1])]))
        }
        #expect(throws: LedgerError.badSignature(input: 0)) {
            try m.validate(m.payment([m.holding], burns: [m.burn], units: 5_000, signers: [(0, m.peg.members[0]), (1, m.peg.outsider)]))
        }
    }

    @Test("a peg-out witness on a pay-to-key output is wrong_witness (3013)")
    func pegOutOnPayToKey() {
        var m = MainChain()
        let coin = m.peg.ledger.fund(m.peg.ledger.btc, 100, m.peg.ledger.payTo(m.peg.ledger.alice))
        let tx = m.payment([coin], burns: [m.burn], units: 100, signers: m.peg.goodSigners)
        #expect(throws: LedgerError.wrongWitness(input: 0, reason: "witness clause does not apply to the spent program")) {
            try m.validate(tx)
        }
    }

    @Test("the federation refunds or moves a deposit with a plain 2-of-3 multisig witness")
    func refundWithMultisig() throws {
        let m = MainChain()
        let l = m.peg.ledger
        let suite = m.peg.suite
        let signers = m.peg.goodSigners
        let refund = Transaction(
            inputs: [Input(spending: m.holding, witness: .multisig([]))], outputs: [l.output(l.btc, 5_000, l.payTo(l.bob))]
        ).withWitnesses(chainID: l.chainID, suite: suite) { _, sighash in
            .multisig(signers.map { KeySignature(keyIndex: $0.0, signature: try! suite.sign(sighash, with: $0.1)) })
        }
        try m.validate(refund)
        #expect(refund.pegOutBurnID == nil)
    }
}
