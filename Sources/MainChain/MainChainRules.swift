import Crypto
import Ledger
import Primitives

/// What the main chain adds to the ledger's rules: it carries only payout programs and
/// federation deposits, and accepts only signature, multisig and peg-out witnesses, so
/// orders, vote locks, fee pools, cross-chain burns and mints — sidechain things — never
/// appear on it. (The ledger checks a peg-out's signatures and that a transaction pays one
/// burn; the main chain's state checks that a burn is paid once: `UnspentSet`.)
public enum MainChainRules {
    /// Whether an output may be locked by `program` on the main chain.
    public static func allows(_ program: ControlProgram) -> Bool {
        switch program {
        case .payToKey, .multisig, .federationDeposit: true
        default: false
        }
    }

    /// Whether an input may carry `witness` on the main chain.
    public static func allows(_ witness: Witness) -> Bool {
        switch witness {
        case .signature, .multisig, .pegOut: true
        default: false
        }
    }

    /// The main chain's own checks on `transaction` (before the ledger's).
    public static func check(_ transaction: Transaction) throws(MainChainError) {
        for (index, output) in transaction.outputs.enumerated() where !allows(output.program) {
            throw .programNotAllowed(output: index, program: String(describing: output.program).prefix(while: { $0 != "(" }).description)
        }
        for (index, input) in transaction.inputs.enumerated() where !allows(input.witness) {
            throw .witnessNotAllowed(input: index, witness: String(describing: input.witness).prefix(while: { $0 != "(" }).description)
        }
    }
}
