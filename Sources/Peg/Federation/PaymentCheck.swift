import Ledger
import Primitives

/// What a member checks before it signs a main-chain payment of a burn that another member
/// proposed (proposals differ when members' views of the holdings differ for a moment; the
/// main chain pays a burn once whichever payment carries it, so signing two is safe, but each
/// must pay exactly the burn and nothing else).
public enum PaymentCheck {
    /// Why `payment` is not a payment this member may sign for `burn`, or nil when it is:
    /// fee 0; 1 ... `holdingsPerPaymentMax` distinct inputs, each a K-deep holding of the
    /// burned asset (`holdings`) spent with an unsigned `pegOut` witness naming this burn;
    /// output 0 pays exactly the burned amount to the address's program; at most one more
    /// output, change in the asset to the federation's multisig; inputs and outputs sum equal.
    public static func problem(
        _ payment: Transaction, burn: BurnWork, holdings: [Hash256: Output], builder: MainChainSpendBuilder
    ) -> String? {
        guard payment.fee == .zero else { return "a payment pays no fee" }
        guard !payment.inputs.isEmpty, payment.inputs.count <= MainChainSpendBuilder.holdingsPerPaymentMax else {
            return "\(payment.inputs.count) inputs; 1 ... \(MainChainSpendBuilder.holdingsPerPaymentMax)"
        }
        var spent = Set<Hash256>()
        var total: UInt64 = 0
        for input in payment.inputs {
            guard case .pegOut(let burnID, let signatures) = input.witness, burnID == burn.burnID, signatures.isEmpty else {
                return "an input is not an unsigned peg-out of this burn"
            }
            guard spent.insert(input.spentOutputID).inserted else { return "an input repeats" }
            guard let held = holdings[input.spentOutputID], held.asset == burn.asset else {
                return "input \(input.spentOutputID) is not a K-deep holding of the burned asset"
            }
            let (sum, overflow) = total.addingReportingOverflow(held.amount.units)
            guard !overflow else { return "the inputs overflow" }
            total = sum
        }
        guard let destination = try? ControlProgram(canonicalBytes: burn.mainChainAddress) else {
            return "the burn's address does not decode"
        }
        guard let first = payment.outputs.first, first == Output(asset: burn.asset, amount: burn.amount, program: destination) else {
            return "output 0 does not pay the burn's amount to its address"
        }
        guard payment.outputs.count <= 2 else { return "more outputs than the payment and its change" }
        var paid = burn.amount.units
        if payment.outputs.count == 2 {
            let change = payment.outputs[1]
            guard change.asset == burn.asset, change.program == builder.terms.federation.multisigProgram else {
                return "output 1 is not change to the federation"
            }
            let (sum, overflow) = paid.addingReportingOverflow(change.amount.units)
            guard !overflow else { return "the outputs overflow" }
            paid = sum
        }
        guard paid == total else { return "inputs (\(total)) and outputs (\(paid)) differ" }
        return nil
    }
}
