import Crypto
import Ledger
import Matching
import Primitives

/// What a settlement's outputs need besides their amounts: which are remainders of which
/// orders.
struct SettlementPlan {
    let transaction: Transaction
    /// Output index → the order it re-locks.
    let remainders: [Int: LiveOrder]
    /// Per order spent, in input order: how it ends the block and which outputs are its
    /// remainder and its seller program's payouts (for reports).
    let orders: [SettledOrder]
}

/// One spent order's part of a settlement, by output index.
struct SettledOrder {
    let orderID: Hash256
    let ending: OrderSettlement.Ending
    let remainder: Int?
    /// Ascending output indices of the seller program's outputs the order paid into.
    let payouts: [Int]
}

extension SettlementBuilder {
    /// How each touched order leaves this block.
    enum Disposition {
        case resting, filled, returned
        case cancelled(Signature)
    }

    /// The settlement, or nil when nothing in this market needs one. `disposition` says how
    /// each touched order ends the block.
    func plan(feeCollector: ControlProgram, disposition: (Account) -> Disposition) -> SettlementPlan? {
        var inputs = [Input]()
        var remainders = [Output]()
        var remainderOrders = [LiveOrder]()
        var payouts = NettedOutputs()
        var fees = NettedOutputs()
        // Per spent order: ending, remainder slot, payees it paid into (indices into `payouts`).
        var settled = [(orderID: Hash256, ending: OrderSettlement.Ending, remainder: Int?, payees: [Int])]()
        for account in accounts {
            let order = account.order
            let fee = UInt64((account.feeNumerator + 9_999) / 10_000)
            let proceeds = account.earned - fee
            let requested = order.contract.requestedAsset
            let offered = order.terms.side == .sell ? market.baseAsset : market.quoteAsset
            let seller = order.contract.sellerProgram
            let rest = order.offeredAmount.units - account.consumed
            let witness: Witness
            let ending: OrderSettlement.Ending
            var remainder: Int?
            var payees = [Int?]()
            switch disposition(account) {
            case .resting:
                guard account.consumed > 0 else { continue }
                witness = .fillOrder(filled: Amount(account.consumed), remainderOutput: UInt32(remainders.count))
                (ending, remainder) = (.resting, remainders.count)
                remainders.append(Output(asset: offered, amount: Amount(rest), program: .magneticOrder(order.contract)))
                remainderOrders.append(order)
            case .filled:
                precondition(rest == 0, "a filled order consumed all it offered")
                witness = .fillOrder(filled: Amount(account.consumed), remainderOutput: nil)
                ending = .filled
            case .returned:
                witness = .returnOrder(filled: Amount(account.consumed))
                ending = .returned
                payees.append(payouts.add(rest, of: offered, to: seller))
            case .cancelled(let signature):
                precondition(account.consumed == 0, "cancelled orders never trade in their block")
                witness = .cancelByOrderID(signature)
                ending = .cancelled
                payees.append(payouts.add(rest, of: offered, to: seller))
            }
            inputs.append(Input(spending: order.outputID, witness: witness))
            payees.append(payouts.add(proceeds, of: requested, to: seller))
            payees.append(payouts.add(account.refund, of: market.quoteAsset, to: seller))
            fees.add(fee, of: requested, to: feeCollector)
            // At most three payees, so a sort and a neighbour check beat a set.
            var paid = payees.compactMap { $0 }
            paid.sort()
            paid = paid.enumerated().filter { $0.offset == 0 || paid[$0.offset - 1] != $0.element }.map(\.element)
            settled.append((order.orderID, ending, remainder, paid))
        }
        guard !inputs.isEmpty else { return nil }
        let outputs = remainders + payouts.outputs + fees.outputs
        let remainderMap = Dictionary(uniqueKeysWithValues: remainderOrders.enumerated().map { ($0.offset, $0.element) })
        // Payout outputs follow the remainders.
        let orders = settled.map {
            SettledOrder(orderID: $0.orderID, ending: $0.ending, remainder: $0.remainder, payouts: $0.payees.map { remainders.count + $0 })
        }
        return SettlementPlan(
            transaction: Transaction(inputs: inputs, outputs: outputs, fee: .zero), remainders: remainderMap, orders: orders)
    }
}

/// Outputs summed per (program, asset), in the order each pair first appears.
struct NettedOutputs {
    private struct Payee: Hashable {
        let program: ControlProgram
        let asset: AssetID
    }

    /// Payees in first-seen order, each with its total; `index` finds a payee's place (one
    /// hash of its program per amount added, none when the outputs are listed).
    private var payees: [Payee] = []
    private var totals: [UInt64] = []
    private var index: [Payee: Int] = [:]

    /// Adds `amount` to the pair's output; returns that output's index among `outputs`, or
    /// nil when `amount` is 0 (nothing added).
    @discardableResult
    mutating func add(_ amount: UInt64, of asset: AssetID, to program: ControlProgram) -> Int? {
        guard amount > 0 else { return nil }
        let payee = Payee(program: program, asset: asset)
        // Every amount here came out of the block's inputs, so no per-asset total can
        // exceed the asset's supply, which fits in 64 bits.
        if let place = index[payee] {
            totals[place] += amount
            return place
        }
        index[payee] = payees.count
        payees.append(payee)
        totals.append(amount)
        return payees.count - 1
    }

    var outputs: [Output] {
        zip(payees, totals).map { payee, total in Output(asset: payee.asset, amount: Amount(total), program: payee.program) }
    }
}
