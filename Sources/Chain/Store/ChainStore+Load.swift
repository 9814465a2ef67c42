import Crypto
import Ledger
import Matching
import Primitives
import Storage

extension ChainStore {
    /// Reads the tip and the UTXO set, checks the set against the stored commitment, and
    /// rebuilds the books from the set's orders in priority order.
    func load(config: ChainConfig) throws(ChainError) -> ChainState {
        guard let tipBytes = try read(Self.key(.tip)) else { throw .storageCorrupt(reason: "no tip record") }
        let tip: TipRecord
        do { tip = try TipRecord(canonicalBytes: tipBytes) } catch { throw .storageCorrupt(reason: "tip: \(error.message)") }
        let utxos = try loadUTXOs()
        let recomputed = try Self.commitment(of: utxos)
        guard recomputed == tip.commitment else {
            throw .storageCorrupt(reason: "the stored UTXO set does not match the commitment of block \(tip.height)")
        }
        guard let epochBytes = try read(Self.key(.epoch)) else { throw .storageCorrupt(reason: "no epoch record") }
        let epoch: EpochState
        do { epoch = try EpochState.decode(epochBytes, suite: config.suite) } catch {
            throw .storageCorrupt(reason: "epoch: \(error)")
        }
        var state = try ChainState.rebuilt(
            config: config, utxos: utxos, tip: tip.header, tipHash: tip.hash, commitment: tip.commitment, epoch: epoch)
        // Before the dead-man table: its check compares the whole state commitment.
        try loadPeg(into: &state)
        try loadDeadMen(into: &state)
        return state
    }

    /// The commitment of a whole set, hashed from scratch on all cores (one batch of
    /// insertions, added to the empty state).
    static func commitment(of utxos: UTXOSet) throws(ChainError) -> MultisetHash {
        try ParallelMultiset.commitment(from: .empty, inserting: utxos.unorderedEntries, removing: [])
    }

    /// Every stored UTXO entry, read in pages.
    func loadUTXOs() throws(ChainError) -> UTXOSet {
        var utxos = UTXOSet()
        let prefix = Self.key(.utxo)
        var start: [UInt8]? = nil
        while true {
            let page: [KeyValueEntry]
            do { page = try store.scan(prefix: prefix, from: start, limit: 65_536) } catch { throw .storage(error) }
            for item in page where item.key != start {
                do {
                    let id = try Hash256(bytes: item.key.dropFirst())
                    utxos.insert(try UTXOEntry(canonicalBytes: item.value), id: id)
                } catch {
                    throw .storageCorrupt(reason: "utxo entry: \(error.message)")
                }
            }
            guard page.count == 65_536, let last = page.last else { return utxos }
            start = last.key
        }
    }
}

extension ChainState {
    /// A state rebuilt from a stored UTXO set: every resting order re-enters its book in
    /// priority order, which reproduces the books exactly (resting orders never cross), and
    /// the vote tally is summed from the set's vote locks.
    static func rebuilt(
        config: ChainConfig, utxos: UTXOSet, tip: BlockHeader?, tipHash: Hash256, commitment: MultisetHash, epoch: EpochState
    ) throws(ChainError) -> ChainState {
        var exchange = Exchange(directory: config.directory)
        let height = tip?.height ?? 0
        let orders = utxos.sortedEntries().compactMap { item -> (Hash256, UTXOEntry, OrderMeta)? in
            item.entry.order.map { (item.id, item.entry, $0) }
        }.sorted { $0.2.position < $1.2.position }
        try exchange.advanceAll(toHeight: height)
        for (outputID, entry, meta) in orders {
            guard let contract = entry.output.program.magneticOrder else {
                throw .storageCorrupt(reason: "order \(meta.orderID) is not a magnetic output")
            }
            try exchange.restore(
                orderID: meta.orderID, position: meta.position, outputID: outputID, output: entry.output, contract: contract)
        }
        return ChainState(
            config: config, utxos: utxos, exchange: exchange, tip: tip, tipHash: tipHash, commitment: commitment, epoch: epoch,
            stakes: StakeTally(utxos: utxos, nativeAsset: config.nativeAsset))
    }
}

extension Exchange {
    mutating func advanceAll(toHeight height: UInt64) throws(ChainError) {
        var log = EventCounter()
        for market in markets {
            do { try apply(.advance(toHeight: height), market: market.index, into: &log) } catch {
                throw .matching(symbol: market.symbol, error)
            }
        }
    }

    /// Puts a stored order back in its book; it must rest without trading.
    mutating func restore(
        orderID: Hash256, position: OrderPosition, outputID: Hash256, output: Output, contract: MagneticOrder
    ) throws(ChainError) {
        let terms = try terms(of: output, order: contract, remainder: true)
        guard let handle = allocateHandle(market: terms.market) else { throw .bookFull(symbol: markets[terms.market].symbol) }
        track(
            LiveOrder(
                orderID: orderID, position: position, terms: terms, contract: contract, outputID: outputID, offeredAmount: output.amount,
                handle: handle))
        let order = NewOrder(
            id: handle, owner: owner(of: contract.sellerProgram), side: terms.side, price: terms.priceTicks,
            size: terms.sizeLots, timeInForce: .goodTillCancel, expiry: contract.expiryHeight)
        var log = EventLog()
        do { try apply(.submit(order), market: terms.market, into: &log) } catch {
            throw .storageCorrupt(reason: "order \(orderID) cannot rest again: \(error.message)")
        }
        guard !log.events.contains(where: { if case .fill = $0 { true } else { false } }) else {
            throw .storageCorrupt(reason: "stored order \(orderID) crosses the book")
        }
    }
}
