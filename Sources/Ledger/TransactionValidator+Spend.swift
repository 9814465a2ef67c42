import Crypto
import Primitives

extension TransactionValidator {
    /// Checks that input `inputIndex` satisfies the program of the output it spends.
    func checkSpend(
        _ transaction: Transaction, inputIndex: Int, spent: Output, transactionID: Hash256,
        view: some UTXOView, settlement: inout SettlementCheck
    ) throws(LedgerError) {
        let witness = transaction.inputs[inputIndex].witness
        // Made only for the clauses that check a signature over it: a settlement's fills and
        // returns (most inputs of a block) sign nothing, and the hash was some 40% of checking them.
        var signed: SignedInput {
            let sighash =
                verifiesSignatures
                ? Transaction.signatureHash(
                    chainID: context.chainID, transactionID: transactionID, inputIndex: inputIndex,
                    spentOutputID: transaction.inputs[inputIndex].spentOutputID, suite: context.suite
                ).bytes
                : []
            return SignedInput(index: inputIndex, sighash: sighash, suite: context.suite, verifies: verifiesSignatures)
        }

        switch (spent.program, witness) {
        case (.payToKey(let key), .signature(let signature)):
            try signed.check(signature, by: key)
        case (.multisig(let threshold, let keys), .multisig(let signatures)):
            try signed.checkMultisig(signatures, threshold: Int(threshold), keys: keys)
        case (.magneticOrder(let order), .cancelOrder(let signature)):
            try signed.check(signature, by: order.sellerKey)
        case (.magneticOrder(let order), .fillOrder(let filled, let remainder)):
            try settlement.addFill(
                order: order, spent: spent, filled: filled, remainderOutput: remainder, inputIndex: inputIndex,
                outputs: transaction.outputs)
        case (.magneticOrder(let order), .cancelByOrderID(let signature)):
            let orderID = view.resolvedOrderID(ofOutput: transaction.inputs[inputIndex].spentOutputID)
            let message = Transaction.cancelMessage(chainID: context.chainID, orderID: orderID, suite: context.suite)
            guard !verifiesSignatures || context.suite.verify(signature, of: message.bytes, by: order.sellerKey) else {
                throw .badSignature(input: inputIndex)
            }
            try settlement.addOwed(spent.amount, of: spent.asset, to: order.sellerProgram)
        case (.magneticOrder(let order), .returnOrder(let filled)):
            // Any order may be returned: the seller receives its whole remainder plus the
            // proceeds of what was filled, so a return can never cost the seller. *When* an
            // order is returned (IOC remainder, expiry, post-only or self-trade cancel) is the
            // matching engine's decision, which every validator re-executes; user
            // transactions may not use this clause at all (chain rule).
            try settlement.addReturn(order: order, spent: spent, filled: filled, inputIndex: inputIndex)
        case (.voteLock(let lock), .unvote(let signature, let lockOutput)):
            try signed.check(signature, by: lock.owner)
            try checkUnvote(lock: lock, spent: spent, lockOutput: lockOutput, transaction: transaction, inputIndex: inputIndex)
        case (.voteLock(let lock), .withdrawVote(let signature)):
            try signed.check(signature, by: lock.owner)
            guard let unlockHeight = lock.withdrawableHeight, context.height >= unlockHeight else {
                throw .voteLockStillLocked(input: inputIndex, unlockHeight: lock.withdrawableHeight ?? .max)
            }
        case (.feePool, .feePayout):
            // Amounts are the mux's; who may use this clause is the chain's rule (its payout only).
            break
        case (.federationDeposit(let deposit), .pegIn(let evidence)):
            try checkMint(
                deposit: deposit, evidence: evidence, spent: spent, transaction: transaction, inputIndex: inputIndex,
                signed: signed)
        case (.federationDeposit(let deposit), .multisig(let signatures)):
            // A refund or a move of the federation's holdings (main chain).
            try signed.checkMultisig(signatures, threshold: Int(deposit.federation.threshold), keys: deposit.federation.keys)
        case (.federationDeposit(let deposit), .pegOut(let burn, let signatures)):
            try checkPegOut(
                burnOutputID: burn, signatures: signatures, threshold: deposit.federation.threshold,
                keys: deposit.federation.keys, signed: signed)
        case (.multisig(let threshold, let keys), .pegOut(let burn, let signatures)):
            // The federation's change on the main chain is a plain multisig of its keys.
            try checkPegOut(burnOutputID: burn, signatures: signatures, threshold: threshold, keys: keys, signed: signed)
        case (.crossChainOut, _):
            throw .crossChainOutUnspendable(input: inputIndex)
        default:
            throw .wrongWitness(input: inputIndex, reason: "witness clause does not apply to the spent program")
        }
    }

    private func checkUnvote(
        lock: VoteLock, spent: Output, lockOutput: UInt32, transaction: Transaction, inputIndex: Int
    ) throws(LedgerError) {
        guard lock.unlockRequestedAt == nil else {
            throw .wrongWitness(input: inputIndex, reason: "unlock already requested")
        }
        // The unlock height is the client's view of the chain: any height of the last
        // `unvoteWindowBlocks` up to this block's, so an unvote sent through any node lands
        // (it cannot name a future height, and shortens the delay by at most the window).
        let earliest = context.height >= VoteLock.unvoteWindowBlocks ? context.height - VoteLock.unvoteWindowBlocks : 0
        guard Int(lockOutput) < transaction.outputs.count,
            case .voteLock(let relocked) = transaction.outputs[Int(lockOutput)].program,
            let requestedAt = relocked.unlockRequestedAt, (earliest...context.height).contains(requestedAt),
            transaction.outputs[Int(lockOutput)]
                == Output(asset: spent.asset, amount: spent.amount, program: .voteLock(lock.unlocking(at: requestedAt)))
        else {
            throw .wrongWitness(
                input: inputIndex,
                reason: "output \(lockOutput) must re-lock the stake unchanged with an unlock height from \(earliest) to \(context.height)")
        }
    }
}

/// Signature checks for one input, bound to its signature hash.
struct SignedInput {
    let index: Int
    let sighash: [UInt8]
    let suite: any CryptoSuite
    let verifies: Bool

    func check(_ signature: Signature, by key: PublicKey) throws(LedgerError) {
        guard !verifies || suite.verify(signature, of: sighash, by: key) else { throw .badSignature(input: index) }
    }

    /// At least `threshold` valid signatures by distinct keys, in strictly ascending key order.
    func checkMultisig(_ signatures: [KeySignature], threshold: Int, keys: [PublicKey]) throws(LedgerError) {
        var previous = -1
        for entry in signatures {
            let keyIndex = Int(entry.keyIndex)
            guard keyIndex > previous, keyIndex < keys.count else {
                throw .wrongWitness(input: index, reason: "multisig key indexes must ascend and be in range")
            }
            previous = keyIndex
            try check(entry.signature, by: keys[keyIndex])
        }
        guard signatures.count >= threshold else {
            throw .multisigThresholdNotMet(input: index, valid: signatures.count, required: threshold)
        }
    }
}
