import Chain
import Crypto
import Ledger
import Primitives

extension Mempool {
    /// Most inputs per transaction verified ahead: a guess costs a verification when it is
    /// wrong, so a transaction with many inputs does not buy many guesses.
    static let preverifiedInputsMax = 16

    /// Verifies ahead of admission, on all cores and without the pool's lock or any chain
    /// state, the signatures of `items` that can be checked from the transaction alone, and
    /// remembers those that pass in the signature memo; admitting the items later answers
    /// them from there.
    ///
    /// The signed message (signature hash) needs no state, but the key is in the output
    /// being spent; the guess is the key the transaction pays to (the seller of its first
    /// order, else the owner of its first pay-to-key output), which is the signer of an
    /// ordinary place or replace. A wrong guess only costs its verification: admission
    /// decides, and it verifies whatever the memo does not hold. Cancel requests are left
    /// to admission.
    public func preverify(_ items: [PoolItem]) {
        observer.beforePreverify(items)
        let transactions = items.compactMap { item -> CheckedTransaction? in
            if case .transaction(let checked) = item { checked } else { nil }
        }
        let passed = transactions.concurrentMap(chunkSize: 8) { checked in
            Self.passingGuesses(checked, chainID: config.chainID, suite: suite)
        }
        signatureMemo.remember(passed.joined())
    }

    /// The checks of `transaction` that pass under the guessed signer's key: the key's own,
    /// then its signatures.
    static func passingGuesses(_ checked: CheckedTransaction, chainID: Hash256, suite: any CryptoSuite) -> [CryptoCheck] {
        let transaction = checked.transaction
        guard let key = likelySigner(of: transaction), suite.isValid(publicKey: key) else { return [] }
        let transactionID = checked.id
        var passed: [CryptoCheck] = [.publicKey(key)]
        for (index, input) in transaction.inputs.prefix(preverifiedInputsMax).enumerated() {
            guard let signature = input.witness.singleSignature else { continue }
            let sighash = Transaction.signatureHash(
                chainID: chainID, transactionID: transactionID, inputIndex: index,
                spentOutputID: input.spentOutputID, suite: suite
            ).bytes
            if suite.verify(signature, of: sighash, by: key) {
                passed.append(.signature(signature, message: sighash, key: key))
            }
        }
        return passed.count > 1 ? passed : []
    }

    /// The seller key of the first order output, else the owner of the first pay-to-key output.
    static func likelySigner(of transaction: Transaction) -> PublicKey? {
        let orderSeller = transaction.outputs.lazy.compactMap { $0.program.magneticOrder?.sellerKey }.first
        // With no order output, the first output a trader controls is a pay-to-key one.
        return orderSeller ?? transaction.outputs.lazy.compactMap(\.program.traderKey).first
    }
}

extension Witness {
    /// The signature of a single-signer clause over the input's signature hash (a pay-to-key
    /// spend or an order's cancel clause); nil for every other clause.
    var singleSignature: Signature? {
        switch self {
        case .signature(let signature), .cancelOrder(let signature): signature
        default: nil
        }
    }
}
