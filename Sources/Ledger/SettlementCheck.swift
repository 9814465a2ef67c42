import Crypto
import Primitives

/// The magnetic settlement rule for one transaction. Orders filled or returned add what
/// their seller programs are owed; afterwards, every seller program must receive at least
/// its total, per asset, from the transaction's outputs. Netting lets one output pay many
/// fills to the same program.
struct SettlementCheck {
    private struct Payee: Hashable {
        let program: ControlProgram
        let asset: AssetID
    }

    private var owed: [Payee: Amount] = [:]
    private var claimedRemainders = Set<Int>()

    /// A full or partial fill of `order` (whose output is `spent`).
    mutating func addFill(
        order: MagneticOrder, spent: Output, filled: Amount, remainderOutput: UInt32?, inputIndex: Int,
        outputs: [Output]
    ) throws(LedgerError) {
        guard filled > .zero, filled <= spent.amount else {
            throw .fillOutOfRange(input: inputIndex, filled: filled.units, available: spent.amount.units)
        }
        try checkRemainder(spent: spent, filled: filled, remainderOutput: remainderOutput, inputIndex: inputIndex, outputs: outputs)
        do {
            try addOwed(try order.proceeds(forFilled: filled), of: order.requestedAsset, to: order.sellerProgram)
        } catch {
            throw .amountOverflow
        }
    }

    /// An immediate-or-cancel or expired order: `filled` units (possibly none) earn proceeds,
    /// the rest of the offered asset goes back to the seller program.
    mutating func addReturn(order: MagneticOrder, spent: Output, filled: Amount, inputIndex: Int) throws(LedgerError) {
        guard filled <= spent.amount else {
            throw .fillOutOfRange(input: inputIndex, filled: filled.units, available: spent.amount.units)
        }
        do {
            try addOwed(try order.proceeds(forFilled: filled), of: order.requestedAsset, to: order.sellerProgram)
        } catch {
            throw .amountOverflow
        }
        try addOwed(Amount(spent.amount.units - filled.units), of: spent.asset, to: order.sellerProgram)
    }

    /// A partial fill names one output re-locking exactly the rest under the identical
    /// contract; a full fill names none.
    private mutating func checkRemainder(
        spent: Output, filled: Amount, remainderOutput: UInt32?, inputIndex: Int, outputs: [Output]
    ) throws(LedgerError) {
        let rest = spent.amount.units - filled.units
        guard let remainderOutput else {
            guard rest == 0 else { throw .remainderMismatch(input: inputIndex, reason: "is missing for a partial fill") }
            return
        }
        guard rest > 0 else { throw .remainderMismatch(input: inputIndex, reason: "is named for a full fill") }
        let index = Int(remainderOutput)
        guard index < outputs.count else { throw .remainderMismatch(input: inputIndex, reason: "names no output") }
        guard claimedRemainders.insert(index).inserted else { throw .remainderClaimedTwice(output: index) }
        let expected = Output(asset: spent.asset, amount: Amount(rest), program: spent.program)
        guard outputs[index] == expected else {
            throw .remainderMismatch(input: inputIndex, reason: "must re-lock \(rest) under the identical contract")
        }
    }

    mutating func addOwed(_ amount: Amount, of asset: AssetID, to program: ControlProgram) throws(LedgerError) {
        guard amount > .zero else { return }
        let payee = Payee(program: program, asset: asset)
        // One hash of the program for a payee seen before (most: netting is per seller).
        guard let place = owed.index(forKey: payee) else {
            owed[payee] = amount
            return
        }
        do {
            owed.values[place] = try owed.values[place].adding(amount)
        } catch {
            throw .amountOverflow
        }
    }

    /// Every payee receives at least what it is owed.
    func verify(outputs: [Output]) throws(LedgerError) {
        guard !owed.isEmpty else { return }
        var paid: [Payee: Amount] = [:]
        for output in outputs {
            let payee = Payee(program: output.program, asset: output.asset)
            guard owed[payee] != nil else { continue }
            do { paid[payee] = try (paid[payee] ?? .zero).adding(output.amount) } catch { throw .amountOverflow }
        }
        // Report the shortfall that sorts first by asset and program encoding, so the error
        // is the same on every machine whatever the hash table order.
        let shortfalls = owed.filter { (paid[$0.key] ?? .zero) < $0.value }.map { payee, amount in
            (payee: payee, owed: amount, key: payee.asset.hash.bytes + payee.program.canonicalBytes)
        }
        if let first = shortfalls.min(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            throw .sellerShortPaid(asset: first.payee.asset, owed: first.owed.units, paid: (paid[first.payee] ?? .zero).units)
        }
    }
}
