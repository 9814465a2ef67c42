import Ledger
import MainChain
import Primitives
import Storage
import Testing

@Suite("Main-chain error codes: one per case, in the module's block 9501-9599, names unique")
struct MainChainErrorTests {
    @Test("every case has its own code in 9501...9599 and its own main_ name; wrapped errors report their cause")
    func codes() {
        let all: [MainChainError] = [
            .genesisInvalid(field: "", reason: ""), .blockMalformed(reason: ""), .blockTooLarge(bytes: 0, limit: 0),
            .blockTooManyTransactions(count: 0, limit: 0), .blockTransactionRootMismatch(expected: .zero, got: .zero),
            .blockHeaderRefused(.duplicate(.zero)), .transactionRefused(index: nil, .noInputs), .programNotAllowed(output: 0, program: ""),
            .witnessNotAllowed(input: 0, witness: ""), .burnAlreadyPaid(.zero), .mempoolFull(limit: 0), .mempoolDuplicate(.zero),
            .mempoolConflict(outputID: .zero), .storage(.closed(store: "x")), .storeCorrupt(""),
            .storeOtherChain(stored: .zero, expected: .zero),
            .requestMalformed(reason: ""), .requestTooLarge(bytes: 0, limit: 0), .requestUnknownKind(0), .notFound(""), .outputSpent(.zero),
            .outputUnknown(.zero), .headerRangeTooLarge(count: 0, limit: 0), .transport(""), .pageLimitInvalid(limit: 0, max: 500),
        ]
        #expect(Set(all.map(\.code)).count == all.count)
        #expect(Set(all.map(\.name)).count == all.count)
        #expect(all.allSatisfy { (9501...9599).contains($0.code) && $0.name.hasPrefix("main_") && !$0.message.isEmpty })
        #expect(MainChainError.blockHeaderRefused(.duplicate(.zero)).cause?.code == 3104)
        #expect(MainChainError.transactionRefused(index: 0, .noInputs).cause?.code == LedgerError.noInputs.code)
    }
}
