import Crypto
import Ledger
import Primitives

/// What the main chain adds to the ledger's rules: it carries only payout programs (and,
/// with the peg, federation deposits) and accepts only signature witnesses, so orders,
/// vote locks, fee pools and cross-chain burns — sidechain things — never appear on it.
public enum MainChainRules {
    /// Whether an output may be locked by `program` on the main chain.
    public static func allows(_ program: ControlProgram) -> Bool {
        switch program {
        case .payToKey, .multisig: true
        default: false
        }
    }

    /// Whether an input may carry `witness` on the main chain.
    public static func allows(_ witness: Witness) -> Bool {
        switch witness {
        case .signature, .multisig: true
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
