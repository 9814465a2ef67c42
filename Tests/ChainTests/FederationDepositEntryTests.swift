import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain

@Suite("Chain entry rules: federation deposits")
struct FederationDepositEntryTests {
    @Test(
        "a federation deposit output is refused on the sidechain (peg_deposit_output, 8408), with or without a peg: it is a main-chain program"
    )
    func depositOutputRefused() throws {
        let f = StakingFixture()
        let good = try f.state.voteTransaction(key: f.alice, candidate: f.validators[0].publicKey, amount: 100)
        let terms = FederationDeposit(
            federation: FederationKeys(threshold: 1, keys: [f.alice.publicKey]),
            destination: ControlProgram.payToKey(f.alice.publicKey).canonicalBytes,
            refund: .payToKey(f.alice.publicKey))
        let deposit = Transaction(
            inputs: good.inputs, outputs: [Output(asset: f.native, amount: Amount(1_000_000), program: .federationDeposit(terms))])
        #expect(throws: ChainError.pegDepositOutput(output: 0)) {
            try BlockExecutor.execute(
                state: f.state, mode: .verify, timestampMs: 9,
                transactions: CheckedTransaction.all([f.sign(deposit, with: f.alice)], config: f.state.config), cancels: [])
        }
    }
}
