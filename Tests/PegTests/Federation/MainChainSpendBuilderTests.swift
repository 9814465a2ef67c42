import Crypto
import Ledger
import Primitives
import Testing

@testable import Peg

/// Refunds and peg-out payments built, signed by 2 of 3 members, and checked by the ledger's
/// own rules on the main chain (multisig and peg-out witnesses over the federation's holdings).
@Suite struct MainChainSpendBuilderTests {
    let suite = TestMainChain.suite
    let members: [any SigningKey]
    let erin: any SigningKey
    let btc: AssetID
    let mainChainID: Hash256
    let terms: PegTerms
    let builder: MainChainSpendBuilder

    init() throws {
        members = try (1...3).map { try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0x20 + $0, count: 32)) }
        erin = try TestMainChain.suite.signingKey(secret: [UInt8](repeating: 0xE1, count: 32))
        btc = AssetID(TestMainChain.suite.hash(.outputID, Array("BTC".utf8)))
        mainChainID = TestMainChain.suite.hash(.outputID, Array("main".utf8))
        terms = try PegTerms(
            federation: FederationKeys(threshold: 2, keys: members.map(\.publicKey)), confirmationsRequired: 3,
            depositMinimums: [btc: Amount(10_000)], sidechainChainID: TestMainChain.suite.hash(.outputID, [1]),
            suite: TestMainChain.suite)
        builder = MainChainSpendBuilder(terms: terms, mainChainID: mainChainID)
    }

    var validator: TransactionValidator {
        TransactionValidator(context: ValidationContext(chainID: mainChainID, height: 5, nativeAsset: btc, suite: suite))
    }

    func depositOutput(_ units: UInt64) -> Output {
        Output(
            asset: btc, amount: Amount(units),
            program: .federationDeposit(
                FederationDeposit(federation: terms.federation, destination: [0xFF], refund: .payToKey(erin.publicKey))))
    }

    @Test func aRefusedDepositIsRefundedWithMSignatures() throws {
        let id = suite.hash(.outputID, [7])
        var view = MemoryUTXOSet()
        view.insert(depositOutput(40_000), id: id)
        let refund = try builder.refund(outputID: id, output: depositOutput(40_000))
        #expect(refund.outputs == [Output(asset: btc, amount: Amount(40_000), program: .payToKey(erin.publicKey))] && refund.fee == .zero)
        let one = try builder.shares(of: refund, key: members[1])
        #expect(throws: FederationError.tooFewShares(valid: 1, required: 2)) { try builder.assemble(refund, memberShares: [one]) }
        let signed = try builder.assemble(refund, memberShares: [one, try builder.shares(of: refund, key: members[0])])
        try validator.validate(signed, view: view)
    }

    @Test func aBurnIsPaidFromHoldingsWithChangeBackToTheFederation() throws {
        var view = MemoryUTXOSet()
        var holdings: [FederationHolding] = []
        for (index, units) in [30_000, 25_000, 50_000].enumerated() {
            let id = suite.hash(.outputID, [UInt8(index)])
            let output =
                index == 2
                ? Output(asset: btc, amount: Amount(UInt64(units)), program: terms.federation.multisigProgram)
                : depositOutput(UInt64(units))
            holdings.append(FederationHolding(outputID: id, output: output))
            view.insert(output, id: id)
        }
        // Someone else's output is never spent.
        let stranger = FederationHolding(
            outputID: suite.hash(.outputID, [9]), output: Output(asset: btc, amount: Amount(1_000_000), program: .payToKey(erin.publicKey)))
        let burnID = suite.hash(.outputID, [0xB0])
        let address = ControlProgram.payToKey(erin.publicKey).canonicalBytes
        let payment = try builder.payment(
            burnID: burnID, asset: btc, amount: Amount(60_000), mainChainAddress: address, holdings: holdings + [stranger])
        let total = payment.inputs.compactMap { input in holdings.first { $0.outputID == input.spentOutputID }?.output.amount.units }
        #expect(total.count == payment.inputs.count && total.reduce(0, +) >= 60_000)
        #expect(payment.outputs[0] == Output(asset: btc, amount: Amount(60_000), program: .payToKey(erin.publicKey)))
        #expect(payment.outputs.dropFirst().allSatisfy { $0.program == terms.federation.multisigProgram })
        #expect(payment.pegOutBurnID == burnID)
        // Every member proposes the same payment whatever order it lists its holdings in.
        #expect(
            try builder.payment(
                burnID: burnID, asset: btc, amount: Amount(60_000), mainChainAddress: address, holdings: holdings.reversed()) == payment)

        let signed = try builder.assemble(
            payment, memberShares: [try builder.shares(of: payment, key: members[2]), try builder.shares(of: payment, key: members[1])])
        try validator.validate(signed, view: view)

        // Signatures for one burn do not pay another.
        let other = suite.hash(.outputID, [0xB1])
        var moved = signed
        for index in moved.inputs.indices {
            guard case .pegOut(_, let signatures) = moved.inputs[index].witness else { continue }
            moved.inputs[index].witness = .pegOut(burnOutputID: other, signatures: signatures)
        }
        #expect(throws: LedgerError.self) { try validator.validate(moved, view: view) }
    }

    @Test func unpayableBurnsAndShortHoldingsAreTypedErrors() throws {
        let holdings = [FederationHolding(outputID: suite.hash(.outputID, [1]), output: depositOutput(10_000))]
        let burnID = suite.hash(.outputID, [0xB2])
        let address = ControlProgram.payToKey(erin.publicKey).canonicalBytes
        #expect(throws: FederationError.insufficientHoldings(asset: btc, needed: 20_000, available: 10_000)) {
            try builder.payment(burnID: burnID, asset: btc, amount: Amount(20_000), mainChainAddress: address, holdings: holdings)
        }
        do {
            _ = try builder.payment(burnID: burnID, asset: btc, amount: Amount(1), mainChainAddress: [0xFF], holdings: holdings)
            Issue.record("an address that does not decode is not payable")
        } catch {
            #expect(error.code == 11112)
        }
        #expect(throws: FederationError.self) {
            try builder.payment(
                burnID: burnID, asset: btc, amount: Amount(1),
                mainChainAddress: ControlProgram.crossChainOut(mainChainAddress: [1]).canonicalBytes,
                holdings: holdings)
        }
    }
}
