import Crypto
import Ledger
import Primitives

/// What disconnecting a block needs: the outputs it spent (in spending order) and the burns
/// it paid. The outputs it created are recomputed from the block.
public struct BlockUndo: Hashable, Sendable, CanonicalCodable {
    public struct Spent: Hashable, Sendable, CanonicalCodable {
        public let id: Hash256
        public let entry: MainChainOutputRecord

        public func encode(to writer: inout ByteWriter) {
            writer.write(id)
            entry.encode(to: &writer)
        }

        public init(id: Hash256, entry: MainChainOutputRecord) {
            self.id = id
            self.entry = entry
        }

        public init(from reader: inout ByteReader) throws(PrimitivesError) {
            self.init(id: try reader.readHash(), entry: try MainChainOutputRecord(from: &reader))
        }
    }

    /// A block's inputs are bounded by its byte size (32 bytes per input at least).
    static let spentMax = MainChainBlock.bytesMax / 32

    public var spent: [Spent] = []
    public var paidBurns: [Hash256] = []

    public init() {}

    public func encode(to writer: inout ByteWriter) {
        writer.writeArray(spent)
        writer.writeArray(paidBurns)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        spent = try reader.readArray(of: Spent.self, field: "undo.spent", limit: Self.spentMax)
        paidBurns = try reader.readArray(of: Hash256.self, field: "undo.paid_burns", limit: Self.spentMax)
    }
}

/// The key-value changes one block's connection or disconnection makes to the UTXO state.
public struct UnspentChanges: Sendable {
    public var added: [(id: Hash256, entry: MainChainOutputRecord)] = []
    /// Spent outputs removed from the set (marked spent in the store), with what they held
    /// (the holder index needs their program).
    public var spent: [(id: Hash256, entry: MainChainOutputRecord)] = []
    /// Outputs removed because their block was disconnected (never spent: unknown again),
    /// with their program (for the holder index).
    public var uncreated: [(id: Hash256, program: ControlProgram)] = []
    /// Spent outputs restored by a disconnection.
    public var restored: [(id: Hash256, entry: MainChainOutputRecord)] = []
    public var burnsPaid: [Hash256] = []
    public var burnsUnpaid: [Hash256] = []
}

/// The main chain's UTXO state at its tip, and the burns it has paid. Connecting a block
/// validates every transaction in order (a later one may spend an earlier one's outputs);
/// disconnecting undoes exactly what connecting did.
public struct UnspentSet: UTXOView, Sendable {
    public private(set) var entries: [Hash256: MainChainOutputRecord] = [:]
    public private(set) var paidBurns: Set<Hash256> = []

    public init() {}

    public init(entries: [Hash256: MainChainOutputRecord], paidBurns: Set<Hash256>) {
        self.entries = entries
        self.paidBurns = paidBurns
    }

    public var count: Int { entries.count }

    public func unspentOutput(_ id: Hash256) -> Output? { entries[id]?.output }

    /// Main-chain outputs are never orders.
    public func orderID(ofOutput id: Hash256) -> Hash256? { nil }

    /// Checks `transaction` against the main chain's rules and this state: what the mempool
    /// and a block's connection both run.
    public func validate(_ transaction: Transaction, context: ValidationContext, index: Int?) throws(MainChainError) {
        try MainChainRules.check(transaction)
        if let burn = transaction.pegOutBurnID, paidBurns.contains(burn) { throw .burnAlreadyPaid(burn) }
        do { try TransactionValidator(context: context).validate(transaction, view: self) } catch {
            throw .transactionRefused(index: index, error)
        }
    }

    /// Adds the genesis block's issuance (not validated: it has no inputs).
    public mutating func connectGenesis(_ block: MainChainBlock, hash: Hash256, suite: any CryptoSuite) -> UnspentChanges {
        var changes = UnspentChanges()
        for transaction in block.transactions { add(transaction, blockHash: hash, height: 0, suite: suite, changes: &changes) }
        return changes
    }

    /// Validates and applies `block` at `height`; on a refusal the state is unchanged.
    public mutating func connect(
        _ block: MainChainBlock, hash: Hash256, genesis: MainChainGenesis
    ) throws(MainChainError) -> (undo: BlockUndo, changes: UnspentChanges) {
        let context = genesis.validationContext(height: block.header.height)
        var scratch = self
        var undo = BlockUndo()
        var changes = UnspentChanges()
        for (index, transaction) in block.transactions.enumerated() {
            try scratch.validate(transaction, context: context, index: index)
            for input in transaction.inputs {
                guard let entry = scratch.entries.removeValue(forKey: input.spentOutputID) else {
                    preconditionFailure("validate() found every input")
                }
                undo.spent.append(BlockUndo.Spent(id: input.spentOutputID, entry: entry))
                changes.spent.append((input.spentOutputID, entry))
            }
            if let burn = transaction.pegOutBurnID {
                // validate() refused a burn paid before; inserting here refuses a second
                // payment later in the same block.
                scratch.paidBurns.insert(burn)
                undo.paidBurns.append(burn)
                changes.burnsPaid.append(burn)
            }
            scratch.add(transaction, blockHash: hash, height: block.header.height, suite: genesis.suite, changes: &changes)
        }
        self = scratch
        return (undo, changes)
    }

    /// Undoes `connect(block)`; `undo` is what it returned.
    public mutating func disconnect(_ block: MainChainBlock, undo: BlockUndo, suite: any CryptoSuite) -> UnspentChanges {
        var changes = UnspentChanges()
        // Restore first, then remove what the block created: an output the block both
        // created and spent is restored by the first loop and must end up gone.
        for spent in undo.spent.reversed() {
            entries[spent.id] = spent.entry
            changes.restored.append((spent.id, spent.entry))
        }
        for transaction in block.transactions.reversed() {
            let transactionID = transaction.id(suite: suite)
            for index in transaction.outputs.indices {
                let id = Transaction.outputID(transactionID: transactionID, index: index, suite: suite)
                entries[id] = nil
                changes.uncreated.append((id, transaction.outputs[index].program))
            }
        }
        for burn in undo.paidBurns {
            paidBurns.remove(burn)
            changes.burnsUnpaid.append(burn)
        }
        return changes
    }

    private mutating func add(
        _ transaction: Transaction, blockHash: Hash256, height: UInt64, suite: any CryptoSuite, changes: inout UnspentChanges
    ) {
        let transactionID = transaction.id(suite: suite)
        for (index, output) in transaction.outputs.enumerated() {
            let id = Transaction.outputID(transactionID: transactionID, index: index, suite: suite)
            let entry = MainChainOutputRecord(output: output, blockHash: blockHash, height: height)
            entries[id] = entry
            changes.added.append((id, entry))
        }
    }
}
