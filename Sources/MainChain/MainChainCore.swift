import Crypto
import Ledger
import Primitives
import Storage

/// What submitting a block did.
public enum MainChainBlockOutcome: Hashable, Sendable {
    /// The block is the new tip.
    case extended(tip: Hash256)
    /// Stored on a branch with no more work than the best chain; nothing else changed.
    case sideBranch
    /// Its branch had more work: `disconnected` left the best chain (old tip first),
    /// `connected` joined it (fork point's child first, this block last).
    case reorganized(disconnected: [Hash256], connected: [Hash256])

    /// Whether the best chain changed.
    public var movedTip: Bool {
        if case .sideBranch = self { false } else { true }
    }
}

/// The main chain's node state, single-threaded (`MainChainNode` adds the lock): the header
/// tree choosing the best chain by work, the UTXO state at the tip, the mempool, and the
/// store behind them. Every accepted block is written in one synced batch per connection
/// or disconnection, so a restart finds a consistent tip; a load that finds the UTXO tip
/// behind the header tree's best (a crash mid-reorganization) finishes the move.
///
/// Invariant (between calls): `tipHash == headers.best.hash`, and `state` is the UTXO set
/// after connecting the best chain's blocks.
public struct MainChainCore: Sendable {
    public let genesis: MainChainGenesis
    public let suite: any CryptoSuite
    public let chainID: Hash256
    let store: any KeyValueStore
    public private(set) var headers: HeaderTree
    public private(set) var state: UnspentSet
    public private(set) var mempool: Mempool
    public private(set) var tipHash: Hash256
    /// Arrival records written (genesis has none: the tree holds it from the start).
    private var arrivals: UInt64 = 0

    /// Opens the chain in `store`, writing the genesis block into an empty store.
    public init(
        genesis: MainChainGenesis, store: any KeyValueStore, forkDepthMax: UInt64 = HeaderTree.forkDepthMaxDefault,
        mempool: Mempool = Mempool()
    ) throws(MainChainError) {
        try genesis.check()
        self.genesis = genesis
        suite = genesis.suite
        chainID = genesis.chainID
        self.store = store
        self.mempool = mempool
        headers = HeaderTree(parameters: genesis.parameters, suite: genesis.suite, forkDepthMax: forkDepthMax)
        state = UnspentSet()
        tipHash = chainID
        do {
            if let stored = try store.get(StoreKey.genesis) {
                guard let storedID = try? Hash256(bytes: stored) else { throw MainChainError.storeCorrupt("genesis record") }
                guard storedID == chainID else { throw MainChainError.storeOtherChain(stored: storedID, expected: chainID) }
                try load()
            } else {
                try writeGenesis()
            }
        } catch let error as MainChainError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .storeCorrupt("\(error)")
        }
        assert(tipHash == headers.best.hash, "the UTXO state is at the best header")
    }

    private mutating func writeGenesis() throws {
        let block = genesis.genesisBlock
        let changes = state.connectGenesis(block, hash: chainID, suite: suite)
        var batch = WriteBatch()
        try batch.put(StoreKey.genesis, chainID.bytes)
        try batch.put(StoreKey.block(chainID), block.canonicalBytes)
        try batch.put(StoreKey.undo(chainID), BlockUndo().canonicalBytes)
        try batch.put(StoreKey.holderIndexVersion, StoreKey.holderIndexCurrent)
        try record(changes, height: 0, hash: chainID, connected: true, into: &batch)
        try store.write(batch, sync: true)
    }

    private mutating func load() throws {
        for entry in try store.scanAll(prefix: StoreKey.arrivalPrefix) {
            let hash = try Hash256(bytes: entry.value)
            guard let block = try storedBlock(hash) else { throw MainChainError.storeCorrupt("block \(hash) of an arrival record") }
            do { try headers.accept(block.header) } catch { throw MainChainError.storeCorrupt("reloading header \(hash): \(error)") }
            arrivals += 1
        }
        var entries: [Hash256: MainChainOutputRecord] = [:]
        for entry in try store.scanAll(prefix: StoreKey.outputPrefix) {
            entries[try Hash256(bytes: entry.key.dropFirst())] = try MainChainOutputRecord(canonicalBytes: entry.value)
        }
        var burns = Set<Hash256>()
        for entry in try store.scanAll(prefix: StoreKey.burnPrefix) { burns.insert(try Hash256(bytes: entry.key.dropFirst())) }
        state = UnspentSet(entries: entries, paidBurns: burns)
        try buildHolderIndexIfMissing()
        guard let tip = try store.get(StoreKey.tip) else { throw MainChainError.storeCorrupt("no tip record") }
        tipHash = try Hash256(bytes: tip)
        guard tipHash != headers.best.hash else { return }
        // A crash between a reorganization's batches: finish moving to the best header.
        guard let from = headers.entry(tipHash) else { throw MainChainError.storeCorrupt("tip \(tipHash) is not a known header") }
        let plan = try plan(from: from, to: headers.best, newBlock: nil)
        try commit(plan)
    }

    /// A store written before the holder index existed gets it, from its unspent outputs, in
    /// one synced batch with the version record (a crash before it leaves the store as it was).
    private func buildHolderIndexIfMissing() throws {
        let version = try store.get(StoreKey.holderIndexVersion)
        guard version != StoreKey.holderIndexCurrent else { return }
        guard version == nil else { throw MainChainError.storeCorrupt("holder index version \(version ?? [])") }
        var batch = WriteBatch()
        for entry in try store.scanAll(prefix: StoreKey.holderPrefix) { try batch.delete(entry.key) }
        try HolderIndex.put(state.entries, into: &batch)
        try batch.put(StoreKey.holderIndexVersion, StoreKey.holderIndexCurrent)
        try store.write(batch, sync: true)
    }

    // MARK: - Blocks

    /// Checks `block` and adds it: to the best chain (moving to its branch if that has more
    /// work) or to a side branch. A block whose header breaks a rule, or whose transactions
    /// are invalid on its branch, is refused and its header never joins the tree, so it can
    /// never become best.
    public mutating func submitBlock(_ block: MainChainBlock) throws(MainChainError) -> MainChainBlockOutcome {
        try block.checkStateless(suite: suite)
        let hash: Hash256
        let parent: HeaderTree.Entry
        do { (hash, parent) = try headers.check(block.header) } catch { throw .blockHeaderRefused(error) }
        let target = CompactTarget.target(ofBits: block.header.targetBits) ?? .max
        let (work, _) = parent.chainWork.addingReportingOverflow(CompactTarget.work(ofTarget: target))
        do {
            guard work > headers.best.chainWork else {
                // Not validated against a state yet: it is, if its branch ever gets heavier.
                var batch = WriteBatch()
                try batch.put(StoreKey.block(hash), block.canonicalBytes)
                try batch.put(StoreKey.arrival(arrivals + 1), hash.bytes)
                try store.write(batch, sync: true)
                try acceptHeader(block.header)
                return .sideBranch
            }
            let plan = try plan(from: headers.best, to: parent, newBlock: (block, hash))
            try acceptHeader(block.header)
            try commit(plan)
            updateMempool(plan)
            if plan.disconnected.isEmpty { return .extended(tip: hash) }
            return .reorganized(disconnected: plan.disconnected.map(\.hash), connected: plan.connected.map(\.hash))
        } catch let error as MainChainError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .storeCorrupt("\(error)")
        }
    }

    private mutating func acceptHeader(_ header: MainChainHeader) throws {
        arrivals += 1
        do { try headers.accept(header) } catch { throw MainChainError.blockHeaderRefused(error) }
    }

    /// One block's move, with its store changes.
    struct Step {
        let hash: Hash256
        let block: MainChainBlock
        let batch: WriteBatch
    }

    /// A move of the tip, checked on a copy of the state before anything is written.
    struct Plan {
        var disconnected: [Step] = []
        var connected: [Step] = []
        var state: UnspentSet
        var tip: Hash256
    }

    /// Disconnects from `from` back to its common ancestor with `to`, then connects up to `to`
    /// and `newBlock` (a child of `to` not yet stored). Throws if any block to connect is invalid.
    private func plan(from: HeaderTree.Entry, to: HeaderTree.Entry, newBlock: (MainChainBlock, Hash256)?) throws -> Plan {
        var down = from
        var up = to
        var disconnecting: [HeaderTree.Entry] = []
        var connecting: [HeaderTree.Entry] = []
        while down.hash != up.hash {
            if down.header.height >= up.header.height {
                disconnecting.append(down)
                guard let parent = headers.entry(down.header.previousHash) else { throw MainChainError.storeCorrupt("missing parent") }
                down = parent
            } else {
                connecting.append(up)
                guard let parent = headers.entry(up.header.previousHash) else { throw MainChainError.storeCorrupt("missing parent") }
                up = parent
            }
        }
        var plan = Plan(state: state, tip: from.hash)
        for entry in disconnecting {
            guard let block = try storedBlock(entry.hash), let undoBytes = try store.get(StoreKey.undo(entry.hash)) else {
                throw MainChainError.storeCorrupt("block or undo of \(entry.hash)")
            }
            let changes = plan.state.disconnect(block, undo: try BlockUndo(canonicalBytes: undoBytes), suite: suite)
            var batch = WriteBatch()
            try batch.delete(StoreKey.undo(entry.hash))
            try batch.delete(StoreKey.height(entry.header.height))
            try record(changes, height: entry.header.height, hash: entry.header.previousHash, connected: false, into: &batch)
            plan.disconnected.append(Step(hash: entry.hash, block: block, batch: batch))
            plan.tip = entry.header.previousHash
        }
        var blocks: [(MainChainBlock, Hash256, stored: Bool)] = []
        for entry in connecting.reversed() {
            guard let block = try storedBlock(entry.hash) else { throw MainChainError.storeCorrupt("block \(entry.hash)") }
            blocks.append((block, entry.hash, true))
        }
        if let (block, hash) = newBlock { blocks.append((block, hash, false)) }
        for (block, hash, stored) in blocks {
            let (undo, changes) = try plan.state.connect(block, hash: hash, genesis: genesis)
            var batch = WriteBatch()
            if !stored {
                try batch.put(StoreKey.block(hash), block.canonicalBytes)
                try batch.put(StoreKey.arrival(arrivals + 1), hash.bytes)
            }
            try batch.put(StoreKey.undo(hash), undo.canonicalBytes)
            try batch.put(StoreKey.height(block.header.height), hash.bytes)
            try record(changes, height: block.header.height, hash: hash, connected: true, into: &batch)
            plan.connected.append(Step(hash: hash, block: block, batch: batch))
            plan.tip = hash
        }
        return plan
    }

    /// Writes a plan's batches in order, each synced, then takes its state.
    private mutating func commit(_ plan: Plan) throws {
        for step in plan.disconnected + plan.connected { try store.write(step.batch, sync: true) }
        state = plan.state
        tipHash = plan.tip
        assert(tipHash == headers.best.hash, "the state follows the best header")
    }

    /// Adds `changes` to `batch`; `hash` is the new tip (the block, or the parent on a disconnection).
    private func record(_ changes: UnspentChanges, height: UInt64, hash: Hash256, connected: Bool, into batch: inout WriteBatch) throws {
        if connected {
            try batch.put(StoreKey.height(height), hash.bytes)
        }
        // Each UTXO change moves its holder index entry in the same batch. The order matters
        // for an output a block both creates and spends: connecting puts it, then deletes it
        // (added before spent); disconnecting restores it, then removes it (restored before
        // uncreated). The other way round left it in the store as unspent.
        for (id, entry) in changes.added {
            try batch.put(StoreKey.output(id), entry.canonicalBytes)
            try batch.put(HolderIndex.key(outputID: id, program: entry.output.program), [])
        }
        for (id, entry) in changes.spent {
            try batch.delete(StoreKey.output(id))
            try batch.delete(HolderIndex.key(outputID: id, program: entry.output.program))
            try batch.put(StoreKey.spent(id), StoreKey.bigEndian(height))
        }
        for (id, entry) in changes.restored {
            try batch.put(StoreKey.output(id), entry.canonicalBytes)
            try batch.put(HolderIndex.key(outputID: id, program: entry.output.program), [])
            try batch.delete(StoreKey.spent(id))
        }
        for (id, program) in changes.uncreated {
            try batch.delete(StoreKey.output(id))
            try batch.delete(HolderIndex.key(outputID: id, program: program))
        }
        for id in changes.burnsPaid { try batch.put(StoreKey.burn(id), []) }
        for id in changes.burnsUnpaid { try batch.delete(StoreKey.burn(id)) }
        try batch.put(StoreKey.tip, hash.bytes)
    }

    /// After a move: mined transactions leave the pool, disconnected ones come back if still
    /// valid, and pooled ones whose inputs are gone are dropped.
    private mutating func updateMempool(_ plan: Plan) {
        let context = genesis.validationContext(height: headers.bestHeight + 1)
        mempool.prune(against: state)
        for step in plan.disconnected.reversed() {
            for transaction in step.block.transactions { _ = try? mempool.add(transaction, state: state, context: context) }
        }
    }

    // MARK: - Transactions

    /// Admits a transaction to the mempool (valid against the tip's state); returns its ID.
    public mutating func submitTransaction(_ transaction: Transaction) throws(MainChainError) -> Hash256 {
        try mempool.add(transaction, state: state, context: genesis.validationContext(height: headers.bestHeight + 1))
    }

    // MARK: - Queries

    func storedBlock(_ hash: Hash256) throws -> MainChainBlock? {
        guard let bytes = try store.get(StoreKey.block(hash)) else { return nil }
        return try MainChainBlock(canonicalBytes: bytes)
    }

    /// The block with `hash`, on the best chain or a side branch.
    public func block(hash: Hash256) throws(MainChainError) -> MainChainBlock? {
        guard headers.entry(hash) != nil else { return nil }
        do { return try storedBlock(hash) } catch let error as StorageError { throw .storage(error) } catch {
            throw .storeCorrupt("block \(hash): \(error)")
        }
    }

    /// The best chain's block at `height`.
    public func block(height: UInt64) throws(MainChainError) -> MainChainBlock? {
        guard let hash = headers.bestHash(atHeight: height) else { return nil }
        return try block(hash: hash)
    }

    /// An unspent output and its block, or why there is none: spent, or unknown.
    public func output(_ id: Hash256) throws(MainChainError) -> MainChainOutputRecord {
        if let entry = state.entries[id] { return entry }
        let spent: [UInt8]?
        do { spent = try store.get(StoreKey.spent(id)) } catch { throw .storage(error) }
        throw spent != nil ? .outputSpent(id) : .outputUnknown(id)
    }

    /// Up to `countMax` best-chain headers from `fromHeight` on.
    public func headers(from fromHeight: UInt64, countMax: UInt32) throws(MainChainError) -> [MainChainHeader] {
        guard countMax <= MainChainRequest.headerRangeCountMax else {
            throw .headerRangeTooLarge(count: countMax, limit: MainChainRequest.headerRangeCountMax)
        }
        var result: [MainChainHeader] = []
        var height = fromHeight
        while result.count < Int(countMax), let hash = headers.bestHash(atHeight: height), let entry = headers.entry(hash) {
            result.append(entry.header)
            height += 1
        }
        return result
    }

    /// A block to mine on the tip: the pool's transactions (at most `transactionsMax`), the
    /// target the retarget rule requires, timestamp max(now, median time past + 1), nonce 0.
    public func template(nowMs: UInt64, transactionsMax: Int) -> MainChainBlock {
        let best = headers.best
        let transactions = mempool.selection(
            countMax: min(transactionsMax, MainChainBlock.transactionsMax),
            bytesMax: MainChainBlock.bytesMax - MainChainHeader.encodedBytes - 8)
        let header = MainChainHeader(
            height: best.header.height + 1, previousHash: best.hash,
            transactionRoot: MainChainBlock.transactionRoot(of: transactions, suite: suite),
            timestampMs: max(nowMs, headers.medianTimePast(endingAt: best) + 1), targetBits: headers.expectedTargetBits(childOf: best),
            nonce: 0)
        return MainChainBlock(header: header, transactions: transactions)
    }
}
