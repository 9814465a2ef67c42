import Crypto
import Ledger
import Primitives
import Storage

/// What of the peg state is not a list: how many headers were accepted, each pegged asset's
/// supply (asset-ID order), and the halt.
struct PegRecord: CanonicalCodable, Equatable {
    let headersAccepted: UInt64
    let supply: [(asset: AssetID, units: UInt64)]
    let halted: PegHalt?

    init(_ peg: PegState) {
        headersAccepted = peg.headersAccepted
        supply = peg.supply.keys.sorted().map { ($0, peg.supply[$0] ?? 0) }
        halted = peg.halted
    }

    private init(headersAccepted: UInt64, supply: [(asset: AssetID, units: UInt64)], halted: PegHalt?) {
        self.headersAccepted = headersAccepted
        self.supply = supply
        self.halted = halted
    }

    static func == (lhs: PegRecord, rhs: PegRecord) -> Bool {
        lhs.headersAccepted == rhs.headersAccepted && lhs.halted == rhs.halted
            && lhs.supply.map(\.asset) == rhs.supply.map(\.asset) && lhs.supply.map(\.units) == rhs.supply.map(\.units)
    }

    func encode(to writer: inout ByteWriter) {
        writer.write(headersAccepted)
        writer.writeVarint(UInt64(supply.count))
        for (asset, units) in supply {
            writer.write(asset.hash)
            writer.write(units)
        }
        writer.write(halted != nil)
        if let halted { halted.encode(to: &writer) }
    }

    init(from reader: inout ByteReader) throws(PrimitivesError) {
        let headersAccepted = try reader.readUInt64()
        let count = try reader.readCount(field: "peg_record.supply", limit: PegGenesis.peggedAssetsMax)
        var supply: [(asset: AssetID, units: UInt64)] = []
        for _ in 0..<count { supply.append((AssetID(try reader.readHash()), try reader.readUInt64())) }
        let halted = try reader.readBool(field: "peg_record.halted") ? try PegHalt(from: &reader) : nil
        self.init(headersAccepted: headersAccepted, supply: supply, halted: halted)
    }
}

/// The peg state on disk, written with each block's batch: the record, each accepted header
/// under its sequence number, each minted deposit, and each burn by height (the federation's
/// work list, `burns(from:limit:)`). Read back, and checked against the tip header's state
/// commitment, when the chain opens.
extension ChainStore {
    /// Most entries one page of a peg scan reads.
    static var pegPageEntries: Int { 65_536 }

    static func sequenceKey(_ sequence: UInt64) -> [UInt8] { heightKey(sequence) }

    /// Adds the block's peg changes to its batch.
    func putPegChanges(_ outcome: BlockOutcome, height: UInt64, into batch: inout WriteBatch) throws(ChainError) {
        guard let peg = outcome.peg else { return }
        let work = outcome.pegWork
        // The block's headers took the sequence numbers just below the new count.
        precondition(peg.headersAccepted >= UInt64(work.headers.count), "the outcome's peg counted its headers")
        var sequence = peg.headersAccepted - UInt64(work.headers.count)
        for header in work.headers {
            try put(&batch, Self.key(.pegHeader, Self.sequenceKey(sequence)), header.canonicalBytes)
            sequence += 1
        }
        for id in work.minted { try put(&batch, Self.key(.pegMinted, id.bytes), []) }
        for burn in work.burns {
            try put(&batch, Self.key(.pegBurn, Self.heightKey(height) + burn.outputID.bytes), burn.canonicalBytes)
        }
        try put(&batch, Self.key(.pegRecord), PegRecord(peg).canonicalBytes)
    }

    /// Rebuilds the peg state: the headers accepted again in their order (the same tree, the
    /// pruned side headers pruned again), the minted set and its hash, the record's supply and halt.
    func loadPeg(into state: inout ChainState) throws(ChainError) {
        guard let genesis = state.config.genesis.peg else { return }
        guard let recordBytes = try read(Self.key(.pegRecord)) else { throw .storageCorrupt(reason: "no peg record") }
        let record: PegRecord
        do { record = try PegRecord(canonicalBytes: recordBytes) } catch { throw .storageCorrupt(reason: "peg record: \(error.message)") }
        var peg = PegState(genesis: genesis, assetIDs: state.config.assetIDs, suite: suite)
        try scanPages(prefix: Self.key(.pegHeader)) { (entry: KeyValueEntry) throws(ChainError) in
            let header: MainChainHeader
            do throws(PrimitivesError) { header = try MainChainHeader(canonicalBytes: entry.value) } catch {
                throw .storageCorrupt(reason: "main-chain header: \(error.message)")
            }
            guard Array(entry.key.dropFirst()) == Self.sequenceKey(peg.headersAccepted) else {
                throw .storageCorrupt(reason: "main-chain header sequence has a gap at \(peg.headersAccepted)")
            }
            do throws(HeaderChainError) { try peg.headers.accept(header) } catch {
                throw .storageCorrupt(reason: "stored main-chain header \(peg.headersAccepted) is refused: \(error.message)")
            }
            peg.headersAccepted += 1
        }
        guard peg.headersAccepted == record.headersAccepted else {
            throw .storageCorrupt(reason: "\(peg.headersAccepted) main-chain headers stored, the record counts \(record.headersAccepted)")
        }
        var batch = MultisetHashAccumulator()
        try scanPages(prefix: Self.key(.pegMinted)) { (entry: KeyValueEntry) throws(ChainError) in
            let id: Hash256
            do throws(PrimitivesError) { id = try Hash256(bytes: entry.key.dropFirst()) } catch {
                throw .storageCorrupt(reason: "minted key: \(error.message)")
            }
            guard peg.minted.count < PegState.mintedMax else {
                throw .storageCorrupt(reason: "more than \(PegState.mintedMax) mints stored")
            }
            peg.minted.insert(id)
            do throws(MultisetHashError) { try batch.insert(PegState.mintedElement(id)) } catch { throw .commitment(error) }
        }
        peg.mintedCommitment = batch.applied(to: .empty)
        guard record.supply.map(\.asset) == peg.supply.keys.sorted() else {
            throw .storageCorrupt(reason: "the peg record's assets are not the genesis' pegged assets")
        }
        for (asset, units) in record.supply { peg.supply[asset] = units }
        peg.halted = record.halted
        state.peg = peg
    }

    /// The burns of blocks `height` and later, in height then output-ID order, at most
    /// `limit`: what the federation pays on the main chain (each once, by output ID).
    public func burns(from height: UInt64, limit: Int) throws(ChainError) -> [(height: UInt64, burn: PegBurn)] {
        let entries: [KeyValueEntry]
        do {
            entries = try store.scan(prefix: Self.key(.pegBurn), from: Self.key(.pegBurn, Self.heightKey(height)), limit: limit)
        } catch {
            throw .storage(error)
        }
        var burns: [(height: UInt64, burn: PegBurn)] = []
        for entry in entries {
            guard entry.key.count == 1 + 8 + 32 else { throw .storageCorrupt(reason: "burn key of \(entry.key.count) bytes") }
            let burnHeight = entry.key[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            do { burns.append((burnHeight, try PegBurn(canonicalBytes: entry.value))) } catch {
                throw .storageCorrupt(reason: "burn: \(error.message)")
            }
        }
        return burns
    }

    /// Every entry under `prefix`, in key order, read in pages.
    private func scanPages(prefix: [UInt8], _ body: (KeyValueEntry) throws(ChainError) -> Void) throws(ChainError) {
        var start: [UInt8]? = nil
        while true {
            let page: [KeyValueEntry]
            do { page = try store.scan(prefix: prefix, from: start, limit: Self.pegPageEntries) } catch { throw .storage(error) }
            for item in page where item.key != start { try body(item) }
            guard page.count == Self.pegPageEntries, let last = page.last else { return }
            start = last.key
        }
    }
}
