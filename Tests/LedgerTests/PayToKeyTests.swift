import Crypto
@testable import Ledger
import Primitives
import Testing

@Suite("Ledger: pay-to-key spends, balance through the mux, and their rejections")
struct PayToKeyTests {
    @Test("a signed, balanced transfer with a native fee is valid, and applying it conserves every asset but the fee")
    func validTransfer() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.native, 1_000, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.native, 990, f.payTo(f.bob))], fee: 10, signer: f.alice)
        try f.validate(tx)
        f.utxos.apply(tx, suite: f.suite)
        #expect(try f.utxos.totals().map(\.amount) == [Amount(990)])
    }

    @Test("outputs that do not match inputs per asset are unbalanced_asset (3011)")
    func unbalanced() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.btc, 101, f.payTo(f.bob))], signer: f.alice)
        #expect(throws: LedgerError.unbalancedAsset(asset: f.btc)) { try f.validate(tx) }
    }

    @Test("a fee in the native asset must come from native inputs")
    func feeMustBeFunded() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.btc, 100, f.payTo(f.bob))], fee: 1, signer: f.alice)
        #expect(throws: LedgerError.unbalancedAsset(asset: f.native)) { try f.validate(tx) }
    }

    @Test("inputs whose sum overflows 64 bits are amount_overflow (3012), not a wrapped balance")
    func overflowingInputs() throws {
        var f = LedgerFixture()
        let a = f.fund(f.btc, UInt64.max, f.payTo(f.alice))
        let b = f.fund(f.btc, 2, f.payTo(f.alice))
        let tx = f.transfer([a, b], to: [f.output(f.btc, 1, f.payTo(f.bob))], signer: f.alice)
        #expect(throws: LedgerError.amountOverflow) { try f.validate(tx) }
    }

    @Test("spending one output twice in a transaction is duplicate_input (3007)")
    func reusedInput() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin, coin], to: [f.output(f.btc, 200, f.payTo(f.bob))], signer: f.alice)
        #expect(throws: LedgerError.duplicateInput(input: 1)) { try f.validate(tx) }
    }

    @Test("spending an output already spent by an applied transaction is missing_input (3010)")
    func doubleSpend() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.btc, 100, f.payTo(f.bob))], signer: f.alice)
        try f.validate(tx)
        f.utxos.apply(tx, suite: f.suite)
        #expect(throws: LedgerError.missingInput(input: 0, outputID: coin)) { try f.validate(tx) }
    }

    @Test("a signature made for another chain is bad_signature (3014): no cross-chain replay")
    func wrongChain() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.btc, 100, f.payTo(f.bob))], signer: f.alice, chain: f.otherChainID)
        #expect(throws: LedgerError.badSignature(input: 0)) { try f.validate(tx) }
    }

    @Test("a signature by the wrong key is bad_signature (3014)")
    func wrongKey() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = f.transfer([coin], to: [f.output(f.btc, 100, f.payTo(f.bob))], signer: f.bob)
        #expect(throws: LedgerError.badSignature(input: 0)) { try f.validate(tx) }
    }

    @Test("an output locked to bytes that are not a curve point is invalid_program (3009)")
    func malformedKey() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let badKey = try PublicKey(bytes: Hex.decode("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34"))
        let tx = f.transfer([coin], to: [f.output(f.btc, 100, .payToKey(badKey))], signer: f.alice)
        #expect(throws: LedgerError.invalidProgram(output: 0, reason: "invalid public key")) { try f.validate(tx) }
    }

    @Test("a zero-amount output is zero_amount_output (3008); no inputs is no_inputs (3003); version 2 is unsupported (3002)")
    func shapeRules() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let zero = Transaction(
            inputs: [Input(spending: coin, witness: .signature(LedgerFixture.unsigned))],
            outputs: [Output(asset: f.btc, amount: .zero, program: f.payTo(f.bob))])
        #expect(throws: LedgerError.zeroAmountOutput(output: 0)) { try f.validate(zero) }
        #expect(throws: LedgerError.noInputs) { try f.validate(Transaction(inputs: [], outputs: [])) }
        let v2 = Transaction(version: 2, inputs: zero.inputs, outputs: [])
        #expect(throws: LedgerError.unsupportedVersion(2)) { try f.validate(v2) }
    }

    @Test("a witness for another clause than the program's is wrong_witness (3013)")
    func wrongWitness() throws {
        var f = LedgerFixture()
        let coin = f.fund(f.btc, 100, f.payTo(f.alice))
        let tx = Transaction(
            inputs: [Input(spending: coin, witness: .returnOrder(filled: .zero))],
            outputs: [Output(asset: f.btc, amount: Amount(100), program: f.payTo(f.bob))])
        #expect(throws: LedgerError.self) { try f.validate(tx) }
        #expect((try? f.validate(tx)) == nil)
    }
}
