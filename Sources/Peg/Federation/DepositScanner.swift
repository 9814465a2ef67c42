import Crypto
import Ledger
import Logging
import MainChain
import Primitives

/// Finds deposits to the federation on the main chain and judges them, once K deep.
///
/// Each `step` reads the main chain's best tip and scans, in height order, the best chain's
/// blocks that are K deep (height ≤ best − K + 1) from the record's scan cursor on: every
/// output locked by `federationDeposit` with this federation's keys is recorded as seen and
/// judged (`PegTerms.judge`); the refunds and payments it holds mark their work done; the
/// federation's holdings (mint-judged deposits and change to its multisig) follow its
/// outputs and spends; then the cursor moves past the block. Blocks shallower than K
/// are not looked at, so a reorg shallower than K (which `ReorgWatcher` lets pass) cannot
/// undo anything the scanner did. A crash between writes rescans the block: seeing is
/// idempotent and a deposit already judged is left as it is.
public final class DepositScanner {
    /// Blocks one step reads at most (the next step goes on).
    public static let blocksPerStepMax = 256

    public let terms: PegTerms
    private let client: any MainChainClient
    private let record: FederationRecord
    private let firstHeight: UInt64
    private let logger: Logger

    /// A scanner from main-chain height `firstHeight` (the height the peg began; genesis
    /// holds no deposits) unless the record has a cursor.
    public init(
        terms: PegTerms, client: any MainChainClient, record: FederationRecord, firstHeight: UInt64 = 1,
        logger: Logger = Logger(label: "lodestone.peg.deposits")
    ) {
        self.terms = terms
        self.client = client
        self.record = record
        self.firstHeight = firstHeight
        self.logger = logger
    }

    /// A deposit output in a block.
    public struct Found: Hashable, Sendable {
        public let transactionIndex: Int
        public let outputIndex: Int
        public let outputID: Hash256
        public let output: Output
        public let terms: FederationDeposit
    }

    /// The deposits to `terms.federation` in `block`, in block order.
    public static func deposits(in block: MainChainBlock, terms: PegTerms) -> [Found] {
        var found: [Found] = []
        for (transactionIndex, transaction) in block.transactions.enumerated() {
            let transactionID = transaction.id(suite: terms.suite)
            for (outputIndex, output) in transaction.outputs.enumerated() {
                guard let deposit = terms.depositTerms(of: output) else { continue }
                let outputID = Transaction.outputID(transactionID: transactionID, index: outputIndex, suite: terms.suite)
                found.append(
                    Found(transactionIndex: transactionIndex, outputIndex: outputIndex, outputID: outputID, output: output, terms: deposit))
            }
        }
        return found
    }

    /// Scans one K-deep block: records and judges its deposits, marks done the refunds and
    /// payments it holds (whichever member submitted them), and applies its changes to the
    /// federation's holdings together with the cursor move (`recordScannedBlock`).
    private func scan(_ block: MainChainBlock, height: UInt64) throws(FederationError) -> [DepositWork] {
        let suite = terms.suite
        let blockHash = block.hash(suite: suite)
        var judged: [DepositWork] = []
        var added: [Hash256: FederationHolding] = [:]
        var addedOrder: [Hash256] = []
        var spent: [Hash256] = []
        for transaction in block.transactions {
            for input in transaction.inputs {
                let outputID = input.spentOutputID
                if added.removeValue(forKey: outputID) != nil {
                    addedOrder.removeAll { $0 == outputID }
                } else if try record.isHolding(outputID) {
                    spent.append(outputID)
                }
                switch input.witness {
                case .pegOut(let burnID, _):
                    if let burn = try record.burn(burnID) {
                        guard burn.stage != .done else { break }
                        try record.markBurnDone(burnID, height: height)
                    } else if let paid = transaction.outputs.first {
                        // Paid before this member read the burn from the sidechain: recorded
                        // done now, so reading it later proposes nothing.
                        try record.seePaidBurn(
                            burnID: burnID, asset: paid.asset, amount: paid.amount, mainChainAddress: paid.program.canonicalBytes,
                            doneHeight: height)
                    }
                    logger.info("burn paid on the main chain", metadata: ["burn": "\(burnID)", "height": "\(height)"])
                case .multisig:
                    if let deposit = try record.deposit(outputID), deposit.stage != .done, case .refund = deposit.verdict {
                        try record.markDepositDone(outputID, height: height)
                        logger.info("deposit refunded on the main chain", metadata: ["output": "\(outputID)", "height": "\(height)"])
                    }
                default: break
                }
            }
            let transactionID = transaction.id(suite: suite)
            for (index, output) in transaction.outputs.enumerated() {
                let outputID = Transaction.outputID(transactionID: transactionID, index: index, suite: suite)
                if let deposit = terms.depositTerms(of: output) {
                    var work = try record.seeDeposit(outputID: outputID, blockHash: blockHash, height: height)
                    if work.stage == .seen {
                        let verdict = terms.judge(output, deposit)
                        work = try record.judgeDeposit(outputID, verdict)
                        judged.append(work)
                        logger.info(
                            "deposit judged", metadata: ["output": "\(outputID)", "height": "\(height)", "verdict": "\(verdict)"])
                    }
                    // A deposit to refund is never the federation's to spend on a payment.
                    guard work.verdict == .mint else { continue }
                } else if output.program != terms.federation.multisigProgram {
                    continue
                }
                added[outputID] = FederationHolding(outputID: outputID, output: output)
                addedOrder.append(outputID)
            }
        }
        try record.recordScannedBlock(added: addedOrder.compactMap { added[$0] }, spent: spent, nextHeight: height + 1)
        return judged
    }

    /// The next main-chain height to scan.
    public func nextHeight() throws(FederationError) -> UInt64 {
        try record.cursor(FederationRecord.scanCursor) ?? firstHeight
    }

    /// Scans the K-deep blocks not scanned yet (at most `blocksPerStepMax`); returns the
    /// deposits judged in this step.
    @discardableResult
    public func step() throws(FederationError) -> [DepositWork] {
        if let reason = try record.haltReason() { throw .halted(reason: reason) }
        let tip: MainChainTip
        do { tip = try client.best() } catch { throw .mainChain(error) }
        let k = terms.confirmationsRequired
        guard tip.height + 1 >= k else { return [] }
        let deepest = tip.height + 1 - k  // the highest height with K confirmations
        var height = try nextHeight()
        var judged: [DepositWork] = []
        var blocks = 0
        while height <= deepest, blocks < Self.blocksPerStepMax {
            let block: MainChainBlock
            do { block = try client.block(atHeight: height) } catch { throw .mainChain(error) }
            judged += try scan(block, height: height)
            height += 1
            blocks += 1
        }
        return judged
    }
}
