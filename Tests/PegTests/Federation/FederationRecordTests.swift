import Crypto
import Ledger
import Primitives
import Storage
import Testing

@testable import Peg

@Suite struct FederationRecordTests {
    let suite = TestMainChain.suite

    func id(_ byte: UInt8) -> Hash256 { suite.hash(.outputID, [byte]) }

    @Test func aDepositWalksEveryStageOnceAndDoneIsFinal() throws {
        let store = MemoryStore()
        let record = FederationRecord(store: store)
        let output = id(1)
        try record.seeDeposit(outputID: output, blockHash: id(2), height: 7)
        // Seeing it again changes nothing.
        #expect(try record.seeDeposit(outputID: output, blockHash: id(3), height: 8).blockHash == id(2))
        #expect(throws: FederationError.stageOrder(id: output, from: "seen", to: "signed")) { try record.markDepositSigned(output) }
        try record.judgeDeposit(output, .mint)
        try record.markDepositSigned(output)
        try record.markDepositSubmitted(output, transactionID: id(4))
        #expect(try record.pendingDeposits().map(\.outputID) == [output])
        let done = try record.markDepositDone(output, height: 12)
        #expect(done.stage == .done && done.verdict == .mint && done.transactionID == id(4) && done.doneHeight == 12)
        #expect(try record.pendingDeposits().isEmpty)
        #expect(throws: FederationError.alreadyDone(id: output)) { try record.judgeDeposit(output, .mint) }
        #expect(throws: FederationError.alreadyDone(id: output)) { try record.markDepositDone(output, height: 13) }
        #expect(throws: FederationError.unknownEntry(id: id(9))) { try record.judgeDeposit(id(9), .refund(.belowMinimum)) }
    }

    @Test func aRestartResumesFromTheLastStep() throws {
        let store = MemoryStore()
        do {
            let record = FederationRecord(store: store)
            try record.seeDeposit(outputID: id(1), blockHash: id(2), height: 3)
            try record.judgeDeposit(id(1), .refund(.malformedDestination))
            try record.seeBurn(burnID: id(5), height: 40)
            let payment = Transaction(
                inputs: [Input(spending: id(6), witness: .multisig([]))],
                outputs: [Output(asset: AssetID(id(7)), amount: Amount(3), program: .multisig(threshold: 1, keys: []))])
            try record.proposeBurnPayment(id(5), payment: payment)
            try record.setCursor(FederationRecord.scanCursor, 99)
            try record.setHalt("deep reorg")
        }
        let reopened = FederationRecord(store: store)
        let deposit = try #require(try reopened.deposit(id(1)))
        #expect(deposit.stage == .decided && deposit.verdict == .refund(.malformedDestination) && deposit.height == 3)
        let burn = try #require(try reopened.burn(id(5)))
        #expect(burn.stage == .decided && burn.payment?.outputs.first?.amount == Amount(3))
        #expect(try reopened.cursor(FederationRecord.scanCursor) == 99)
        #expect(try reopened.haltReason() == "deep reorg")
        try reopened.markBurnSigned(id(5))
        try reopened.markBurnSubmitted(id(5), transactionID: id(8))
        try reopened.markBurnDone(id(5), height: 50)
        #expect(try reopened.pendingBurns().isEmpty)
        #expect(try reopened.pendingDeposits().count == 1)
        try reopened.clearHalt()
        #expect(try reopened.haltReason() == nil)
    }

    @Test func aDamagedEntryIsATypedError() throws {
        let store = MemoryStore()
        try store.put([FederationRecord.depositPrefix] + id(1).bytes, [9, 9, 9])
        let record = FederationRecord(store: store)
        #expect(throws: FederationError.self) { try record.deposit(id(1)) }
        #expect(throws: FederationError.self) { try record.pendingDeposits() }
    }

    @Test func everyStepIsOneSyncedWriteThatSurvivesLevelDB() throws {
        let path = FileManagerPath.temporary("peg-record")
        defer { FileManagerPath.remove(path) }
        do {
            let store = try LevelDBStore(path: path)
            let record = FederationRecord(store: store)
            try record.seeDeposit(outputID: id(1), blockHash: id(2), height: 3)
            try record.judgeDeposit(id(1), .mint)
            store.close()
        }
        let store = try LevelDBStore(path: path)
        defer { store.close() }
        #expect(try FederationRecord(store: store).deposit(id(1))?.stage == .decided)
    }
}
