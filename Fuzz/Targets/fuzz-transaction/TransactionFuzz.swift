import FuzzSupport
import Ledger
import Primitives

// Transaction.decode, the entry point for transactions from clients and peers, then the
// validator on the decoded transaction against outputs the fuzzer chooses through the
// spent IDs (SynthesizedUTXOView).

private let validator = TransactionValidator(
    context: ValidationContext(chainID: FuzzFixtures.chainID, height: 10, nativeAsset: FuzzFixtures.native, suite: FuzzFixtures.suite),
    verifiesSignatures: false)

/// The `fuzz-transaction` target (picked by `FuzzDispatch`).
func fuzzTransaction(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    guard let transaction = try? Transaction.decode(bytes) else { return 0 }
    CanonicalProperties.check(Transaction.self, bytes)
    FuzzInput.require(bytes.starts(with: transaction.bodyBytes), "the body is not the encoding's prefix")
    let id = transaction.id(suite: FuzzFixtures.suite)
    for index in transaction.inputs.indices {
        _ = transaction.signatureHash(inputIndex: index, chainID: FuzzFixtures.chainID, suite: FuzzFixtures.suite)
    }
    let view = SynthesizedUTXOView()
    let first = Result { () throws(LedgerError) in try validator.validate(transaction, view: view, transactionID: id) }
    let second = Result { () throws(LedgerError) in try validator.validate(transaction, view: view) }
    FuzzInput.require(first == second, "validation is not deterministic: \(first) then \(second)")
    return 0
}
