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
            try record.seeBurn(burnID: id(5), height: 40, asset: AssetID(id(7)), amount: Amount(3), mainChainAddress: [0x01, 0x02])
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
        #expect(burn.asset == AssetID(id(7)) && burn.amount == Amount(3) && burn.mainChainAddress == [0x01, 0x02])
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

    @Test func workDoneByAnotherMemberIsDoneFromAnyStageAndAResubmissionIsRecorded() throws {
        let record = FederationRecord(store: MemoryStore())
        try record.seeDeposit(outputID: id(1), blockHash: id(2), height: 7)
        try record.judgeDeposit(id(1), .mint)
        // Another member's mint was committed: done straight from decided.
        #expect(try record.markDepositDone(id(1), height: 0).stage == .done)
        try record.seeDeposit(outputID: id(3), blockHash: id(2), height: 7)
        try record.judgeDeposit(id(3), .refund(.belowMinimum))
        try record.markDepositSigned(id(3))
        try record.markDepositSubmitted(id(3), transactionID: id(4))
        #expect(try record.markDepositSubmitted(id(3), transactionID: id(5)).transactionID == id(5))
        // A seen deposit cannot be submitted: steps still go one at a time.
        try record.seeDeposit(outputID: id(6), blockHash: id(2), height: 7)
        #expect(throws: FederationError.stageOrder(id: id(6), from: "seen", to: "submitted")) {
            try record.markDepositSubmitted(id(6), transactionID: id(4))
        }
    }

    @Test func aBurnIsReproposedAndOnePaidBeforeItWasReadIsRecordedDone() throws {
        let record = FederationRecord(store: MemoryStore())
        let asset = AssetID(id(7))
        let payment = { (input: UInt8) in
            Transaction(
                inputs: [Input(spending: self.id(input), witness: .pegOut(burnOutputID: self.id(5), signatures: []))],
                outputs: [Output(asset: asset, amount: Amount(3), program: .multisig(threshold: 1, keys: []))])
        }
        try record.seeBurn(burnID: id(5), height: 40, asset: asset, amount: Amount(3), mainChainAddress: [0x01])
        #expect(throws: FederationError.stageOrder(id: id(5), from: "seen", to: "decided")) {
            try record.reproposeBurnPayment(id(5), payment: payment(8))
        }
        try record.proposeBurnPayment(id(5), payment: payment(8))
        try record.markBurnSigned(id(5))
        try record.markBurnSubmitted(id(5), transactionID: id(9))
        let again = try record.reproposeBurnPayment(id(5), payment: payment(10))
        #expect(again.stage == .decided && again.transactionID == nil && again.payment == payment(10))
        // Paid on the main chain before this member read it from the sidechain.
        let paid = try record.seePaidBurn(burnID: id(11), asset: asset, amount: Amount(4), mainChainAddress: [0x02], doneHeight: 30)
        #expect(paid.stage == .done && paid.doneHeight == 30)
        #expect(try record.seeBurn(burnID: id(11), height: 50, asset: asset, amount: Amount(4), mainChainAddress: [0x02]).stage == .done)
        #expect(try record.pendingBurns().map(\.burnID) == [id(5)])
    }

    @Test func holdingsAndTheScanCursorMoveInOneBatch() throws {
        let record = FederationRecord(store: MemoryStore())
        let holding = { (byte: UInt8, amount: UInt64) in
            FederationHolding(
                outputID: self.id(byte),
                output: Output(asset: AssetID(self.id(7)), amount: Amount(amount), program: .multisig(threshold: 1, keys: [])))
        }
        try record.recordScannedBlock(added: [holding(1, 10), holding(2, 20)], spent: [], nextHeight: 5)
        try record.recordScannedBlock(added: [holding(3, 30)], spent: [id(1)], nextHeight: 6)
        #expect(try record.cursor(FederationRecord.scanCursor) == 6)
        let held = try record.holdings()
        #expect(Set(held.map(\.outputID)) == [id(2), id(3)])
        #expect(held.map(\.outputID) == held.map(\.outputID).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }, "output-ID order")
        #expect(try record.isHolding(id(2)) && !(try record.isHolding(id(1))))
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
